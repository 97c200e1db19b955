//! Signed webhooks: subscriptions, the delivery log and redelivery.

pub mod deliveries;
pub mod dto;
pub mod subscriptions;
