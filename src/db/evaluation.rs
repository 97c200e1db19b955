//! What the outlet evaluation reads beyond the ticket counters: visits by the
//! people working from each outlet, the events each organised, and the
//! history of tickets with an escalation, a return or a reopening.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use diesel::prelude::*;

use super::schema::ticket_events as te;
use super::schema::{outreach_events as e, programme_people as p, programme_visits as v};
use super::DbConn;
use crate::domain::calendar::day_start;
use crate::domain::evaluation::incidents::{TrailEntry, TRAIL_ACTIONS};
use crate::domain::outreach::vocab::EventStatus;
use crate::domain::ticket::TicketAction;

/// A period of China dates, both included.
pub type Period = (NaiveDate, NaiveDate);

/// Visits on days of the period by the people working from each outlet.
pub fn visits_per_outlet(
    conn: &mut DbConn,
    (from, to): Period,
) -> QueryResult<BTreeMap<String, u64>> {
    let rows: Vec<(Option<String>, i64)> = v::table
        .inner_join(p::table.on(p::id.eq(v::person_id)))
        .filter(p::outlet_id.is_not_null())
        .filter(v::visited_on.between(from, to))
        .group_by(p::outlet_id)
        .select((p::outlet_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts(rows))
}

/// Held events starting on days of the period, per organising outlet.
pub fn events_per_outlet(
    conn: &mut DbConn,
    (from, to): Period,
) -> QueryResult<BTreeMap<String, u64>> {
    let rows: Vec<(Option<String>, i64)> = e::table
        .filter(e::organiser_outlet_id.is_not_null())
        .filter(e::status.eq(EventStatus::Held.as_str()))
        .filter(e::starts_at.ge(day_start(from).naive_utc()))
        .filter(e::starts_at.lt(day_start(to + Days::new(1)).naive_utc()))
        .group_by(e::organiser_outlet_id)
        .select((e::organiser_outlet_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts(rows))
}

fn counts(rows: Vec<(Option<String>, i64)>) -> BTreeMap<String, u64> {
    rows.into_iter()
        .filter_map(|(id, n)| Some((id?, u64::try_from(n).unwrap_or(0))))
        .collect()
}

/// The assignments and incidents of every ticket with an escalation, a
/// return or a reopening in the period, by ticket and time.
pub fn incident_trail(conn: &mut DbConn, (from, to): Period) -> anyhow::Result<Vec<TrailEntry>> {
    let counted = [
        TicketAction::Escalate,
        TicketAction::Return,
        TicketAction::Reopen,
    ]
    .map(TicketAction::as_str);
    // The same table in the subquery needs another name.
    let incident = diesel::alias!(te as incident);
    let tickets = incident
        .filter(incident.field(te::action).eq_any(counted))
        .filter(incident.field(te::at).ge(day_start(from).naive_utc()))
        .filter(
            incident
                .field(te::at)
                .lt(day_start(to + Days::new(1)).naive_utc()),
        )
        .select(incident.field(te::ticket_id))
        .distinct();
    let rows: Vec<(String, String, Option<String>, chrono::NaiveDateTime)> = te::table
        .filter(te::ticket_id.eq_any(tickets))
        .filter(te::action.eq_any(TRAIL_ACTIONS.map(TicketAction::as_str)))
        .order((te::ticket_id, te::at, te::id))
        .select((te::ticket_id, te::action, te::outlet_id, te::at))
        .load(conn)?;
    rows.into_iter()
        .map(|(ticket_id, action, outlet_id, at)| {
            Ok(TrailEntry {
                action: action.parse()?,
                ticket_id,
                outlet_id,
                at: at.and_utc(),
            })
        })
        .collect()
}
