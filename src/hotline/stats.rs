//! Ticket statistics per outlet (one aggregate query over the clock
//! summaries kept with every change), rolled up per tier and per region.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::stats::OutletSums;
use crate::directory::Directory;
use crate::hotline::resolution::ResolutionStats;

/// Counts and means for one outlet, tier or region.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TicketStats {
    /// Tickets referred to it.
    #[schema(example = 12)]
    pub received: u64,
    /// Of those, closed.
    pub closed: u64,
    /// Share of answered tickets whose handling clock stopped in time, in percent.
    pub on_time_pct: Option<f64>,
    /// Share of tickets whose acceptance clock (受理时限) stopped in time, in percent.
    pub acceptance_on_time_pct: Option<f64>,
    /// Share of called-back tickets whose callback clock (回访时限) stopped in time, in percent.
    pub callback_on_time_pct: Option<f64>,
    /// Open tickets with an overdue clock now.
    pub overdue_now: u64,
    /// Mean working days from 签收 to 答复, pauses excluded.
    pub mean_handling_working_days: Option<f64>,
    /// Mean callback satisfaction (1–5).
    pub mean_satisfaction: Option<f64>,
    /// History entries dated more than a minute before they were recorded
    /// (补录 by operators): how far the clocks above rest on stated times.
    pub backdated_events: u64,
    #[serde(skip)]
    sums: Sums,
}

/// The sums behind the rates and means.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    answered: u64,
    on_time: u64,
    handling_days: u64,
    rated: u64,
    satisfaction: u64,
    accepted: u64,
    accepted_on_time: u64,
    called_back: u64,
    called_back_on_time: u64,
}

impl TicketStats {
    /// Adds another outlet's figures (for a roll-up; [`TicketStats::finish`] after).
    pub fn add(&mut self, other: &TicketStats) {
        self.received += other.received;
        self.closed += other.closed;
        self.overdue_now += other.overdue_now;
        self.backdated_events += other.backdated_events;
        let (a, b) = (&mut self.sums, other.sums);
        a.answered += b.answered;
        a.on_time += b.on_time;
        a.handling_days += b.handling_days;
        a.rated += b.rated;
        a.satisfaction += b.satisfaction;
        a.accepted += b.accepted;
        a.accepted_on_time += b.accepted_on_time;
        a.called_back += b.called_back;
        a.called_back_on_time += b.called_back_on_time;
    }

    /// Computes the rates and means from the sums.
    pub fn finish(mut self) -> Self {
        let mean =
            |sum: u64, n: u64| (n > 0).then(|| (sum as f64 / n as f64 * 100.0).round() / 100.0);
        self.on_time_pct = mean(self.sums.on_time * 100, self.sums.answered);
        self.acceptance_on_time_pct = mean(self.sums.accepted_on_time * 100, self.sums.accepted);
        self.callback_on_time_pct =
            mean(self.sums.called_back_on_time * 100, self.sums.called_back);
        self.mean_handling_working_days = mean(self.sums.handling_days, self.sums.answered);
        self.mean_satisfaction = mean(self.sums.satisfaction, self.sums.rated);
        self
    }
}

impl From<&OutletSums> for TicketStats {
    fn from(o: &OutletSums) -> Self {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        TicketStats {
            received: n(o.received),
            closed: n(o.closed),
            overdue_now: n(o.overdue_now),
            backdated_events: n(o.backdated),
            sums: Sums {
                answered: n(o.answered),
                on_time: n(o.on_time),
                handling_days: n(o.handling_days),
                rated: n(o.rated),
                satisfaction: n(o.satisfaction),
                accepted: n(o.accepted),
                accepted_on_time: n(o.accepted_on_time),
                called_back: n(o.called_back),
                called_back_on_time: n(o.called_back_on_time),
            },
            ..Default::default()
        }
    }
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
    /// The name of every outlet and region above, by id or code.
    pub names: BTreeMap<String, String>,
    /// First-contact resolution of enquiries and the knowledge entries cited.
    pub resolution: ResolutionStats,
}

/// Rolls the per-outlet sums up per tier and region.
pub fn report(dir: &Directory, sums: &[OutletSums]) -> StatsReport {
    let outlets: BTreeMap<String, TicketStats> = sums
        .iter()
        .map(|o| (o.outlet_id.clone(), TicketStats::from(o)))
        .collect();
    let (mut tiers, mut regions): (BTreeMap<String, TicketStats>, BTreeMap<String, TicketStats>) =
        Default::default();
    for (id, stats) in &outlets {
        let Some(outlet) = dir.outlets.get(id) else {
            continue;
        };
        tiers
            .entry(outlet.tier().as_str().to_owned())
            .or_default()
            .add(stats);
        if let Some(index) = dir.regions.index_of(outlet.region_code()) {
            for a in dir.regions.ancestors(index) {
                regions
                    .entry(dir.regions.region(a).code.clone())
                    .or_default()
                    .add(stats);
            }
        }
    }
    let mut names: BTreeMap<String, String> = outlets
        .keys()
        .filter_map(|id| Some((id.clone(), dir.outlets.get(id)?.details().name().to_owned())))
        .collect();
    for code in regions.keys() {
        if let Some(region) = dir.regions.get(code) {
            names.insert(code.clone(), region.name.clone());
        }
    }
    let finish =
        |m: BTreeMap<String, TicketStats>| m.into_iter().map(|(k, v)| (k, v.finish())).collect();
    StatsReport {
        names,
        outlets: finish(outlets),
        tiers: finish(tiers),
        regions: finish(regions),
        resolution: ResolutionStats::default(),
    }
}
