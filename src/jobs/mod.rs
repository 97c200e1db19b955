//! Background work, started by `startup`: the minute job (escalation and
//! expiry), replica sync from the change log, and webhook delivery.

pub mod housekeeping;
pub mod replica_sync;
pub mod webhook_delivery;
