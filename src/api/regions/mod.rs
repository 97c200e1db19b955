//! Administrative regions (行政区划), boundaries and jurisdiction lookups.

pub mod boundaries;
pub mod boundary;
pub mod dto;
pub mod jurisdiction;
pub mod read;
