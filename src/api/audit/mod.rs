//! The audit trails, for auditors only: the admin audit trail (every change
//! outside a ticket's own history) and the personal-data access log.

pub mod events;
pub mod page;
pub mod pii_access;
