//! The hotline's rules as held in memory: clock rules (time limits) and the
//! competence matrix (which outlet kinds handle which tickets).

use serde::{Deserialize, Serialize};

use super::clocks::ClockRule;
use super::referral::CompetenceRule;

/// Clock rules and the competence matrix, as held in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HotlineRules {
    /// Time limits per kind, category and timer.
    pub clock_rules: Vec<ClockRule>,
    /// Which outlet kinds handle which tickets.
    pub competence: Vec<CompetenceRule>,
}
