//! Outreach campaigns and events (service): writes checked against the
//! directory and the caller's outlet, the outcome summary and the rules.

pub mod events;
pub mod summary;
