//! Outlet evaluation (网点综合评价, service): each outlet's supply, use and
//! quality in a period, scored with the configured weights, ranked within
//! its region, and rolled up per region and tier.
//!
//! Tickets and their clocks count by the day the ticket was received;
//! visits, events, escalations, returns and reopenings by the day they
//! happened; matters and opening hours as published now.

pub mod inputs;
pub mod rollup;
pub mod scorecards;

pub use inputs::Inputs;
pub use rollup::{rollup, Rollup};
pub use scorecards::{scorecards, Scorecard};
