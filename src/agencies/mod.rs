//! The register of IP service agencies (service): writes by the office,
//! public profiles with the current grade and listings, search, and the
//! agency a complaint names.

pub mod profile;
pub mod register;
