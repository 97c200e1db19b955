//! What every resource shares: the request layers (authentication, ETags,
//! compression, headers), extractors, query parameters, the fallback route,
//! intake limits and shared DTOs.

pub mod auth;
pub mod body;
pub mod compress;
pub mod conditional;
pub mod csv;
pub mod dto;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod guard;
pub mod headers;
pub mod layers;
pub mod loading;
pub mod nul_character;
pub mod openapi_document;
pub mod param_schemas;
pub mod parameter_text;
pub mod params;
pub mod responses;
pub mod shared_limits;
