//! Service outlets (服务网点): lists, nearest search, single outlets and their writes.

pub mod dto;
pub mod fields;
pub mod fields_schema;
pub mod filter;
pub mod geojson;
pub mod input;
pub mod json;
pub mod ranked;
pub mod read;
pub mod sparse_json;
pub mod write;
