//! Ticket statistics per outlet, rolled up per tier and per region.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::view::{clocks, is_overdue};
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::clocks::Timer;
use crate::domain::ticket::{Event, Ticket};

/// Counts and means for one outlet, tier or region.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TicketStats {
    /// Tickets referred to it.
    pub received: u64,
    /// Of those, closed.
    pub closed: u64,
    /// Share of answered tickets whose handling clock stopped in time, in percent.
    pub on_time_pct: Option<f64>,
    /// Open tickets with an overdue clock now.
    pub overdue_now: u64,
    /// Mean working days from 签收 to 答复, pauses excluded.
    pub mean_handling_working_days: Option<f64>,
    /// Mean callback satisfaction (1–5).
    pub mean_satisfaction: Option<f64>,
    #[serde(skip)]
    sums: Sums,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    answered: u64,
    on_time: u64,
    handling_days: u64,
    rated: u64,
    satisfaction: u64,
}

impl TicketStats {
    fn add(&mut self, other: &TicketStats) {
        self.received += other.received;
        self.closed += other.closed;
        self.overdue_now += other.overdue_now;
        let (a, b) = (&mut self.sums, other.sums);
        a.answered += b.answered;
        a.on_time += b.on_time;
        a.handling_days += b.handling_days;
        a.rated += b.rated;
        a.satisfaction += b.satisfaction;
    }

    fn finish(mut self) -> Self {
        let mean =
            |sum: u64, n: u64| (n > 0).then(|| (sum as f64 / n as f64 * 100.0).round() / 100.0);
        self.on_time_pct = mean(self.sums.on_time * 100, self.sums.answered);
        self.mean_handling_working_days = mean(self.sums.handling_days, self.sums.answered);
        self.mean_satisfaction = mean(self.sums.satisfaction, self.sums.rated);
        self
    }
}

/// Statistics of one ticket, counted for its outlet.
fn of_ticket(dir: &Directory, t: &Ticket, history: &[Event], now: DateTime<Utc>) -> TicketStats {
    let clocks = clocks(dir, t, history, now);
    let mut s = TicketStats {
        received: 1,
        closed: u64::from(!t.is_open()),
        ..Default::default()
    };
    s.overdue_now = u64::from(t.is_open() && is_overdue(&clocks));
    if let Some(h) = clocks
        .iter()
        .find(|c| c.timer == Timer::Handling && c.stopped_at.is_some())
    {
        let stop = h.stopped_at.expect("stopped");
        let worked = dir
            .catalogue
            .calendar
            .working_days_between(local_date(h.started_at), local_date(stop))
            .map_or(0, |w| w.value);
        s.sums.answered = 1;
        s.sums.on_time = u64::from(h.met == Some(true));
        s.sums.handling_days = u64::from(worked.saturating_sub(h.paused_days));
    }
    if let Some(score) = t.satisfaction {
        s.sums.rated = 1;
        s.sums.satisfaction = score as u64;
    }
    s
}

/// Statistics per outlet, tier and region.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsReport {
    /// Per outlet id.
    pub outlets: BTreeMap<String, TicketStats>,
    /// Per tier (`city`, `county`, `park`…).
    pub tiers: BTreeMap<String, TicketStats>,
    /// Per region code, every ancestor of each outlet's region included.
    pub regions: BTreeMap<String, TicketStats>,
}

/// Computes the report over the given tickets (those not yet referred are left out).
pub fn report(
    dir: &Directory,
    tickets: &[Ticket],
    events: &[Event],
    now: DateTime<Utc>,
) -> StatsReport {
    let mut by_ticket: BTreeMap<&str, Vec<Event>> = BTreeMap::new();
    for e in events {
        by_ticket
            .entry(e.ticket_id.as_str())
            .or_default()
            .push(e.clone());
    }
    let mut outlets: BTreeMap<String, TicketStats> = BTreeMap::new();
    for t in tickets {
        let Some(outlet) = &t.outlet_id else { continue };
        let stats = of_ticket(
            dir,
            t,
            by_ticket.get(t.id.as_str()).map_or(&[][..], Vec::as_slice),
            now,
        );
        outlets.entry(outlet.clone()).or_default().add(&stats);
    }
    let (mut tiers, mut regions): (BTreeMap<String, TicketStats>, BTreeMap<String, TicketStats>) =
        Default::default();
    for (id, stats) in &outlets {
        let Some(outlet) = dir.outlets.get(id) else {
            continue;
        };
        tiers
            .entry(outlet.tier.as_str().to_owned())
            .or_default()
            .add(stats);
        if let Some(index) = dir.regions.index_of(&outlet.region_code) {
            for a in dir.regions.ancestors(index) {
                regions
                    .entry(dir.regions.region(a).code.clone())
                    .or_default()
                    .add(stats);
            }
        }
    }
    let finish =
        |m: BTreeMap<String, TicketStats>| m.into_iter().map(|(k, v)| (k, v.finish())).collect();
    StatsReport {
        outlets: finish(outlets),
        tiers: finish(tiers),
        regions: finish(regions),
    }
}
