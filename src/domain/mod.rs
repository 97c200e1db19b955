//! Pure logic with no I/O: geometry, coordinate systems, the spatial index,
//! the region tree and the directory vocabularies.

pub mod agencies;
pub mod audit;
pub mod boundary;
pub mod calendar;
pub mod changefeed;
pub mod clocks;
pub mod contact;
pub mod coords;
pub mod coords_mainland;
pub mod cursor;
pub mod evaluation;
pub mod hotline_rules;
pub mod hours;
pub mod knowledge;
pub mod leb128;
pub mod length;
pub mod matter;
pub mod network;
pub mod outlet;
pub mod outlet_record;
pub mod outreach;
pub mod plans;
pub mod point;
pub mod privacy;
pub mod programmes;
pub mod referral;
pub mod regions;
pub mod spatial;
pub mod ticket;
pub mod vocab;
pub mod webhook;
