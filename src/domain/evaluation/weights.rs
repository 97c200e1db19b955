//! The weight of each indicator in an outlet's score: configuration
//! (`[evaluation.weights]`), with defaults that give supply 30, use 30 and
//! quality 40 of 100.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Indicator;

/// Weights by indicator; an indicator weighted 0 is shown but not scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Service matters offered (default 10).
    pub matters_offered: f64,
    /// Published opening hours per week (default 10).
    pub weekly_hours: f64,
    /// Days open against working days (default 10).
    pub days_open: f64,
    /// Tickets received (default 10).
    pub tickets_received: f64,
    /// Commissioner and envoy visits (default 10).
    pub visits: f64,
    /// Outreach events held (default 10).
    pub events_held: f64,
    /// Acceptance clocks on time (default 5).
    pub acceptance_on_time: f64,
    /// Handling clocks on time (default 10).
    pub handling_on_time: f64,
    /// Callback clocks on time (default 5).
    pub callback_on_time: f64,
    /// Mean satisfaction (default 10).
    pub satisfaction: f64,
    /// Few escalations (default 4).
    pub escalations: f64,
    /// Few returns (default 3).
    pub returns: f64,
    /// Few reopened cases (default 3).
    pub reopened: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            matters_offered: 10.0,
            weekly_hours: 10.0,
            days_open: 10.0,
            tickets_received: 10.0,
            visits: 10.0,
            events_held: 10.0,
            acceptance_on_time: 5.0,
            handling_on_time: 10.0,
            callback_on_time: 5.0,
            satisfaction: 10.0,
            escalations: 4.0,
            returns: 3.0,
            reopened: 3.0,
        }
    }
}

impl Weights {
    /// The weight of one indicator.
    pub fn of(&self, indicator: Indicator) -> f64 {
        use Indicator as I;
        match indicator {
            I::MattersOffered => self.matters_offered,
            I::WeeklyHours => self.weekly_hours,
            I::DaysOpen => self.days_open,
            I::TicketsReceived => self.tickets_received,
            I::Visits => self.visits,
            I::EventsHeld => self.events_held,
            I::AcceptanceOnTime => self.acceptance_on_time,
            I::HandlingOnTime => self.handling_on_time,
            I::CallbackOnTime => self.callback_on_time,
            I::Satisfaction => self.satisfaction,
            I::Escalations => self.escalations,
            I::Returns => self.returns,
            I::Reopened => self.reopened,
        }
    }

    /// Every weight finite and not negative, and at least one above 0.
    pub fn validate(&self) -> Result<(), String> {
        use strum::IntoEnumIterator;
        let all: Vec<(Indicator, f64)> = Indicator::iter().map(|i| (i, self.of(i))).collect();
        if let Some((i, _)) = all.iter().find(|(_, w)| !w.is_finite() || *w < 0.0) {
            return Err(format!("the weight of {} must be 0 or more", i.as_str()));
        }
        if all.iter().all(|(_, w)| *w == 0.0) {
            return Err("at least one weight must be above 0".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_supply_use_and_quality_30_30_40() {
        use strum::IntoEnumIterator;
        let w = Weights::default();
        let of = |d| {
            (Indicator::iter())
                .filter(|i| i.dimension() == d)
                .map(|i| w.of(i))
                .sum::<f64>()
        };
        use super::super::Dimension as D;
        assert_eq!(
            (of(D::Supply), of(D::Use), of(D::Quality)),
            (30.0, 30.0, 40.0)
        );
        assert!(w.validate().is_ok());
    }

    #[test]
    fn negative_or_all_zero_weights_are_refused() {
        let w = Weights {
            returns: -1.0,
            ..Weights::default()
        };
        assert!(w.validate().unwrap_err().contains("returns"));
        let zero: Weights = serde_json::from_str(
            r#"{"matters_offered":0,"weekly_hours":0,"days_open":0,"tickets_received":0,
            "visits":0,"events_held":0,"acceptance_on_time":0,"handling_on_time":0,
            "callback_on_time":0,"satisfaction":0,"escalations":0,"returns":0,"reopened":0}"#,
        )
        .unwrap();
        assert!(zero.validate().is_err());
    }
}
