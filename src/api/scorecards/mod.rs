//! Outlet evaluation (网点综合评价): scorecards per outlet with a ranking
//! within each region, and roll-ups per region and tier, as JSON or CSV.

pub mod dto;
pub mod list;
pub mod outlet;
pub mod query;
pub mod rollup;
