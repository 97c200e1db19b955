//! API keys: made by admins (or on the server), rotated by their holders.

pub mod create;
pub mod dto;
pub mod list;
pub mod revoke;
pub mod rotate;
