//! The register of IP service agencies: public search, nearest and profiles
//! (grade, listings, penalties, complaint counts), written by the office.

pub mod dto;
pub mod read;
pub mod write;
