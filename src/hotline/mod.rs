//! The hotline (热线 "一线通答"): intake, referral, actions, escalation and
//! statistics, on top of the pure rules in `domain::{ticket, clocks, referral}`.

pub mod actions;
pub mod actor;
pub mod deadline;
pub mod escalation;
pub mod intake;
pub mod outbox;
pub mod public;
pub mod queue;
pub mod resolution;
pub mod scope;
pub mod stats;
pub mod view;
