//! API keys and the personal-data access log.

pub mod audit;
pub mod manage;
