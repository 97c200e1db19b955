//! The published catalogue: service matters, opening hours, the official
//! calendar and the hotline rules.

pub mod calendar;
pub mod hotline_rules;
pub mod hours;
pub mod matter_put;
pub mod matters;
