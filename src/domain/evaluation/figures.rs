//! The raw figures of an outlet in a period, and the best of each volume
//! figure among the outlets of a tier (what the volume scores compare with).

use serde::Serialize;
use utoipa::ToSchema;

/// Clocks that stopped, and how many of them in time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Tally {
    /// Clocks stopped.
    pub stopped: u64,
    /// Of those, in time.
    pub on_time: u64,
}

impl Tally {
    /// Adds another tally.
    pub fn add(&mut self, other: Tally) {
        self.stopped += other.stopped;
        self.on_time += other.on_time;
    }

    /// The share in time, in percent; `None` when no clock stopped.
    pub fn pct(self) -> Option<f64> {
        (self.stopped > 0).then(|| self.on_time as f64 * 100.0 / self.stopped as f64)
    }
}

/// What an outlet offered, how it was used and how it answered in a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    /// Service matters it offers (as published now).
    pub matters_offered: u64,
    /// Published opening hours per week (as published now; 0 without hours).
    pub weekly_hours: f64,
    /// Days of the period with opening hours (calendar and exceptions applied).
    pub days_open: u64,
    /// Working days in the period (the days-open indicator's denominator).
    pub working_days: u64,
    /// Tickets referred to it, received in the period.
    pub tickets_received: u64,
    /// Visits in the period by the commissioners and envoys working from it.
    pub visits: u64,
    /// Outreach events it organised that started in the period and were held.
    pub events_held: u64,
    /// Acceptance clocks (受理) of its tickets.
    pub acceptance: Tally,
    /// Handling clocks (办理) of its tickets.
    pub handling: Tally,
    /// Callback clocks (回访) of its tickets.
    pub callback: Tally,
    /// Tickets with a callback score.
    pub rated: u64,
    /// Their scores (1–5) added up.
    pub satisfaction_total: u64,
    /// Escalations in the period of tickets it held (超期督办).
    pub escalations: u64,
    /// Tickets it returned in the period (退单).
    pub returns: u64,
    /// Its cases reopened in the period (重办).
    pub reopened: u64,
}

impl Figures {
    /// Adds another outlet's figures (for a roll-up).
    pub fn add(&mut self, o: &Figures) {
        self.matters_offered += o.matters_offered;
        self.weekly_hours += o.weekly_hours;
        self.days_open += o.days_open;
        self.working_days += o.working_days;
        self.tickets_received += o.tickets_received;
        self.visits += o.visits;
        self.events_held += o.events_held;
        self.acceptance.add(o.acceptance);
        self.handling.add(o.handling);
        self.callback.add(o.callback);
        self.rated += o.rated;
        self.satisfaction_total += o.satisfaction_total;
        self.escalations += o.escalations;
        self.returns += o.returns;
        self.reopened += o.reopened;
    }

    /// Mean callback satisfaction (1–5); `None` without a score.
    pub fn mean_satisfaction(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.satisfaction_total as f64 / self.rated as f64)
    }
}

/// The largest volume figures among a set of outlets (one tier).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Best {
    /// Most matters offered.
    pub matters_offered: u64,
    /// Longest weekly hours.
    pub weekly_hours: f64,
    /// Most tickets received.
    pub tickets_received: u64,
    /// Most visits.
    pub visits: u64,
    /// Most events held.
    pub events_held: u64,
}

impl Best {
    /// The best of each volume figure among `all`.
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Figures>) -> Self {
        all.into_iter().fold(Best::default(), |b, f| Best {
            matters_offered: b.matters_offered.max(f.matters_offered),
            weekly_hours: b.weekly_hours.max(f.weekly_hours),
            tickets_received: b.tickets_received.max(f.tickets_received),
            visits: b.visits.max(f.visits),
            events_held: b.events_held.max(f.events_held),
        })
    }
}
