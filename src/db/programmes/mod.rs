//! Rows of the programmes: the pool of people, service targets, assignments,
//! visits and follow-ups, evaluations, ticket handovers and region sets.

pub mod assignments;
pub mod evaluations;
pub mod handovers;
pub mod people;
pub mod region_sets;
pub mod targets;
pub mod visits;
