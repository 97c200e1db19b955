//! One scorecard per outlet: its figures, its scores against the best of its
//! tier, and its rank among the outlets of its region.

use std::collections::BTreeMap;

use crate::db::evaluation::Period;
use crate::directory::Directory;
use crate::directory::IndexedOutlet;
use crate::domain::calendar::YearNotPublished;
use crate::domain::evaluation::{score, Best, Figures, Scores, Tally, Weights};
use crate::domain::outlet::Outlet;
use crate::domain::vocab::{OutletStatus, Tier};
use crate::error::AppError;
use crate::i18n::Text;

use super::Inputs;

/// An outlet's evaluation for a period.
#[derive(Debug, Clone)]
pub struct Scorecard {
    /// The outlet.
    pub outlet: Outlet,
    /// What it offered, how it was used and how it answered.
    pub figures: Figures,
    /// Its scores.
    pub scores: Scores,
    /// Its place by total score among the outlets of its region (1 = best).
    pub rank_in_region: u32,
    /// How many outlets its region has.
    pub outlets_in_region: u32,
}

fn no_calendar(e: YearNotPublished) -> AppError {
    AppError::bad_request(
        "from",
        Text::new(
            format!("{} 年没有日历，无法统计开放天数", e.0),
            format!("no calendar for {}, so days open cannot be counted", e.0),
        ),
    )
}

/// The working days of the period, the same for every outlet.
fn working_days(dir: &Directory, period: Period) -> Result<u64, AppError> {
    let cal = &dir.catalogue.calendar;
    let mut days = 0;
    for day in period.0.iter_days().take_while(|d| *d <= period.1) {
        days += u64::from(cal.is_working_day(day).map_err(no_calendar)?);
    }
    Ok(days)
}

/// The figures of one outlet from the directory and the inputs, for the
/// period and its number of working days.
fn figures_of(
    dir: &Directory,
    o: &IndexedOutlet,
    inputs: &Inputs,
    (period, working_days): (Period, u64),
) -> Result<Figures, AppError> {
    let cal = &dir.catalogue.calendar;
    let hours = dir.catalogue.hours.get(o.id());
    let tickets = inputs.tickets.get(o.id()).cloned().unwrap_or_default();
    let incidents = inputs.incidents.get(o.id()).copied().unwrap_or_default();
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(Figures {
        matters_offered: dir.catalogue.matters_of((o.id(), o.kind())).count() as u64,
        weekly_hours: hours.map_or(0.0, |h| h.weekly.hours_per_week()),
        days_open: match hours {
            Some(h) => h.days_open(period, cal).map_err(no_calendar)?,
            None => 0,
        },
        working_days,
        tickets_received: n(tickets.received),
        visits: inputs.visits.get(o.id()).copied().unwrap_or(0),
        events_held: inputs.events.get(o.id()).copied().unwrap_or(0),
        acceptance: Tally {
            stopped: n(tickets.accepted),
            on_time: n(tickets.accepted_on_time),
        },
        handling: Tally {
            stopped: n(tickets.answered),
            on_time: n(tickets.on_time),
        },
        callback: Tally {
            stopped: n(tickets.called_back),
            on_time: n(tickets.called_back_on_time),
        },
        rated: n(tickets.rated),
        satisfaction_total: n(tickets.satisfaction),
        escalations: incidents.escalations,
        returns: incidents.returns,
        reopened: incidents.reopened,
    })
}

/// Scorecards of every outlet not closed, best total first (ties by id).
pub fn scorecards(
    dir: &Directory,
    inputs: &Inputs,
    period: Period,
    weights: &Weights,
) -> Result<Vec<Scorecard>, AppError> {
    let mut outlets: Vec<&IndexedOutlet> = (dir.outlets.payloads())
        .map(|o| &**o)
        .filter(|o| o.status() != OutletStatus::Closed)
        .collect();
    outlets.sort_by(|a, b| a.id_order().cmp(b.id_order()));
    let days = working_days(dir, period)?;
    let figures = (outlets.iter())
        .map(|o| figures_of(dir, o, inputs, (period, days)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut best: BTreeMap<Tier, Vec<&Figures>> = BTreeMap::new();
    for (o, f) in outlets.iter().zip(&figures) {
        best.entry(o.tier()).or_default().push(f);
    }
    let best: BTreeMap<Tier, Best> = best.into_iter().map(|(t, f)| (t, Best::of(f))).collect();
    let mut cards: Vec<Scorecard> = (outlets.into_iter().zip(figures))
        .map(|(o, f)| Scorecard {
            scores: score(&f, &best[&o.tier()], weights),
            outlet: o.to_outlet(),
            figures: f,
            rank_in_region: 0,
            outlets_in_region: 0,
        })
        .collect();
    cards.sort_by(|a, b| {
        let total = |c: &Scorecard| c.scores.total.unwrap_or(-1.0);
        total(b)
            .total_cmp(&total(a))
            .then_with(|| a.outlet.id.cmp(&b.outlet.id))
    });
    rank(&mut cards);
    Ok(cards)
}

/// Numbers each card within its region, in the cards' order.
fn rank(cards: &mut [Scorecard]) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for c in cards.iter_mut() {
        let n = seen.entry(c.outlet.region_code.clone()).or_default();
        *n += 1;
        c.rank_in_region = *n;
    }
    for c in cards.iter_mut() {
        c.outlets_in_region = seen[&c.outlet.region_code];
    }
}
