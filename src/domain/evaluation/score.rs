//! An outlet's scores, 0–100 per indicator, per dimension and in total.
//!
//! - Volumes (matters offered, weekly hours, tickets, visits, events) score
//!   against the best outlet of the same tier: 100 × value ÷ best.
//! - Days open score against the period's working days, at most 100.
//! - On-time rates score their percentage; satisfaction (1–5) maps onto 0–100.
//! - Escalations, returns and reopened cases score 100 × (1 − count ÷ tickets
//!   received), at least 0.
//!
//! An indicator with nothing to measure (no clock stopped, no score given, no
//! outlet of the tier with any) has no score and leaves the weighted means, so
//! an outlet is not marked down for what did not happen.

use serde::Serialize;
use strum::IntoEnumIterator;
use utoipa::ToSchema;

use super::{Best, Dimension, Figures, Indicator, Weights};

/// One indicator of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IndicatorScore {
    /// Which figure.
    pub indicator: Indicator,
    /// The side of the work it measures.
    pub dimension: Dimension,
    /// The figure: a count, hours, a percentage or a mean score.
    pub value: Option<f64>,
    /// 0–100; `null` when there is nothing to measure.
    pub score: Option<f64>,
    /// Its weight.
    pub weight: f64,
}

/// The scores of one outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Every indicator, in a fixed order.
    pub indicators: Vec<IndicatorScore>,
    /// The weighted mean of the supply indicators.
    pub supply: Option<f64>,
    /// The weighted mean of the use indicators.
    pub use_: Option<f64>,
    /// The weighted mean of the quality indicators.
    pub quality: Option<f64>,
    /// The weighted mean of every indicator.
    pub total: Option<f64>,
}

fn against(value: f64, best: f64) -> Option<f64> {
    (best > 0.0).then(|| 100.0 * value / best)
}

fn fewer_is_better(count: u64, received: u64) -> Option<f64> {
    match (count, received) {
        (0, 0) => None,
        (_, 0) => Some(0.0),
        (n, r) => Some(100.0 * (1.0 - (n as f64 / r as f64).min(1.0))),
    }
}

/// The figure and score of one indicator.
fn measure(i: Indicator, f: &Figures, best: &Best) -> (Option<f64>, Option<f64>) {
    use Indicator as I;
    let volume = |v: f64, b: f64| (Some(v), against(v, b));
    match i {
        I::MattersOffered => volume(f.matters_offered as f64, best.matters_offered as f64),
        I::WeeklyHours => volume(f.weekly_hours, best.weekly_hours),
        I::DaysOpen => (
            Some(f.days_open as f64),
            against(f.days_open as f64, f.working_days as f64).map(|s| s.min(100.0)),
        ),
        I::TicketsReceived => volume(f.tickets_received as f64, best.tickets_received as f64),
        I::Visits => volume(f.visits as f64, best.visits as f64),
        I::EventsHeld => volume(f.events_held as f64, best.events_held as f64),
        I::AcceptanceOnTime => (f.acceptance.pct(), f.acceptance.pct()),
        I::HandlingOnTime => (f.handling.pct(), f.handling.pct()),
        I::CallbackOnTime => (f.callback.pct(), f.callback.pct()),
        I::Satisfaction => {
            let mean = f.mean_satisfaction();
            (mean, mean.map(|m| (m - 1.0) * 25.0))
        }
        I::Escalations => (
            Some(f.escalations as f64),
            fewer_is_better(f.escalations, f.tickets_received),
        ),
        I::Returns => (
            Some(f.returns as f64),
            fewer_is_better(f.returns, f.tickets_received),
        ),
        I::Reopened => (
            Some(f.reopened as f64),
            fewer_is_better(f.reopened, f.tickets_received),
        ),
    }
}

/// The weighted mean of the scored indicators among `items`.
fn weighted<'a>(items: impl Iterator<Item = &'a IndicatorScore>) -> Option<f64> {
    let (sum, weight) = items
        .filter(|i| i.weight > 0.0)
        .filter_map(|i| Some((i.score? * i.weight, i.weight)))
        .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
    (weight > 0.0).then(|| sum / weight)
}

/// Scores an outlet's figures against the best of its tier.
pub fn score(f: &Figures, best: &Best, weights: &Weights) -> Scores {
    let indicators: Vec<IndicatorScore> = Indicator::iter()
        .map(|i| {
            let (value, score) = measure(i, f, best);
            IndicatorScore {
                indicator: i,
                dimension: i.dimension(),
                value,
                score,
                weight: weights.of(i),
            }
        })
        .collect();
    let of = |d: Dimension| weighted(indicators.iter().filter(|i| i.dimension == d));
    Scores {
        supply: of(Dimension::Supply),
        use_: of(Dimension::Use),
        quality: of(Dimension::Quality),
        total: weighted(indicators.iter()),
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Tally;
    use super::*;

    fn figures() -> Figures {
        Figures {
            matters_offered: 6,
            weekly_hours: 40.0,
            days_open: 20,
            working_days: 22,
            tickets_received: 10,
            visits: 1,
            events_held: 0,
            acceptance: Tally {
                stopped: 10,
                on_time: 9,
            },
            handling: Tally {
                stopped: 8,
                on_time: 6,
            },
            callback: Tally::default(),
            rated: 2,
            satisfaction_total: 9,
            escalations: 1,
            returns: 2,
            reopened: 0,
        }
    }

    #[test]
    fn each_indicator_scores_by_its_rule() {
        let best = Best {
            matters_offered: 12,
            weekly_hours: 40.0,
            tickets_received: 20,
            visits: 4,
            events_held: 0,
        };
        let s = score(&figures(), &best, &Weights::default());
        let get = |i: Indicator| {
            s.indicators
                .iter()
                .find(|x| x.indicator == i)
                .unwrap()
                .score
        };
        assert_eq!(get(Indicator::MattersOffered), Some(50.0));
        assert_eq!(get(Indicator::WeeklyHours), Some(100.0));
        assert_eq!(get(Indicator::DaysOpen), Some(100.0 * 20.0 / 22.0));
        assert_eq!(get(Indicator::Visits), Some(25.0));
        assert_eq!(
            get(Indicator::EventsHeld),
            None,
            "no outlet of the tier held one"
        );
        assert_eq!(get(Indicator::HandlingOnTime), Some(75.0));
        assert_eq!(get(Indicator::CallbackOnTime), None);
        assert_eq!(get(Indicator::Satisfaction), Some(87.5));
        assert_eq!(get(Indicator::Escalations), Some(90.0));
        assert_eq!(get(Indicator::Returns), Some(80.0));
        assert_eq!(get(Indicator::Reopened), Some(100.0));
        // Supply: matters 50, hours 100, days 90.9…, equally weighted.
        let supply = (50.0 + 100.0 + 100.0 * 20.0 / 22.0) / 3.0;
        assert!((s.supply.unwrap() - supply).abs() < 1e-9);
        // Use: events unscored, so tickets 50 and visits 25 share it.
        assert!((s.use_.unwrap() - 37.5).abs() < 1e-9);
    }

    #[test]
    fn an_unscored_indicator_leaves_the_mean_and_a_zero_weight_is_shown_only() {
        let best = Best::of([&figures()]);
        let weights = Weights {
            visits: 0.0,
            ..Weights::default()
        };
        let s = score(&figures(), &best, &weights);
        let visits = (s.indicators.iter())
            .find(|x| x.indicator == Indicator::Visits)
            .unwrap();
        assert_eq!((visits.score, visits.weight), (Some(100.0), 0.0));
        assert_eq!(
            s.use_,
            Some(100.0),
            "tickets only: events unscored, visits unweighted"
        );
    }

    #[test]
    fn incidents_without_tickets_score_zero() {
        assert_eq!(fewer_is_better(2, 0), Some(0.0));
        assert_eq!(fewer_is_better(0, 0), None);
        assert_eq!(fewer_is_better(30, 10), Some(0.0));
    }
}
