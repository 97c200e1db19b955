//! Coverage of the network under a region (全覆盖), for planners.

pub mod dto;
pub mod read;
