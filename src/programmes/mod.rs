//! Programmes on the network (service): the pool of commissioners and envoys,
//! service targets, assignments per cycle, visits with their rules, the
//! service archive and evaluations, hotline tickets handed to commissioners,
//! and annual work plans.

pub mod access;
pub mod archive;
pub mod assignments;
pub mod compliance;
pub mod handovers;
pub mod people;
pub mod plans;
pub mod summary;
pub mod targets;
pub mod visits;
