//! Background work, started by `startup`: the overdue sweep, the minute job
//! (expiry, calendar reminder), SQLite's checkpoints, the outlets' search
//! index, replica sync from the change log, and webhook delivery.

pub mod checkpoint;
pub mod escalation;
pub mod housekeeping;
pub mod outlet_search;
pub mod replica_sync;
pub mod retention;
pub mod webhook_delivery;
