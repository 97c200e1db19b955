//! The knowledge base (一线通答): search over entries and service matters,
//! entries read by the public (published, public, in force) and written by
//! the hotline desk.

pub mod dto;
pub mod entries;
pub mod review;
pub mod search;
