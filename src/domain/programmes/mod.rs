//! Programmes run on the network (pure rules): service commissioners
//! (服务专员) with their service targets, special envoys (特派员) with their
//! regions, their visits and the rules those must meet, and the archive.

pub mod archive;
pub mod compliance;
pub mod credit_code;
pub mod person;
pub mod target;
pub mod visit;
pub mod vocab;
