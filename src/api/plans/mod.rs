//! Annual work plans (年度工作计划): published, drafted and progressed by the
//! programme office, with the overdue milestones and their responsible units.

pub mod dto;
pub mod overdue;
pub mod read;
pub mod write;
