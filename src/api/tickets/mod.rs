//! Hotline tickets (工单): intake, public status, queues, actions and statistics.

pub mod actions;
pub mod disclosure;
pub mod dto;
pub mod history_dto;
pub mod input;
pub mod intake;
pub mod public;
pub mod public_dto;
pub mod queue;
pub mod stats;
pub mod view;
