//! Open311 GeoReport v2: categories as services, tickets as requests, JSON or XML.

pub mod dto;
pub mod format;
pub mod input;
pub mod read;
pub mod services;
pub mod submit;
pub mod view;
