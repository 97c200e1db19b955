//! Ticket rows, their append-only history, tracking numbers and queues
//! (`queue.rs`: an operator's page of them).

use chrono::NaiveDateTime;
use diesel::prelude::*;

mod convert;
mod duplicates;
mod queue;

use convert::events_from;
pub(super) use convert::{corrupt, tickets_of};
pub use duplicates::{open_from_phone, open_near, Candidate};
pub use queue::{queue, queue_walking_first, QueueFilter};

use super::schema::{ticket_events, tickets};
use super::DbConn;
use crate::domain::clocks::ClockEvent;
use crate::domain::ticket::{Event, Ticket};

type Backend = <DbConn as diesel::Connection>::Backend;

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
// `None` binds NULL (no column has a default), so the INSERT text never
// varies and its prepared statement is cached.
#[diesel(
    table_name = tickets,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct TicketRow {
    pub id: String,
    pub tracking_number: String,
    pub token_hash: String,
    pub channel: String,
    pub kind: String,
    pub category: String,
    pub subject: String,
    pub description: String,
    pub lng: Option<f64>,
    pub lat: Option<f64>,
    pub region_code: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_org: Option<String>,
    pub anonymous: bool,
    pub attachments: String,
    pub tags: String,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub received_at: NaiveDateTime,
    pub state: String,
    pub outlet_id: Option<String>,
    pub escalated_to: Option<String>,
    pub merged_into: Option<String>,
    pub reply: Option<String>,
    pub satisfaction: Option<i32>,
    pub close_reason: Option<String>,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub agency_id: Option<String>,
}

/// One history entry.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_events, treat_none_as_default_value = false)]
pub struct EventRow {
    pub id: String,
    pub ticket_id: String,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub recorded_at: NaiveDateTime,
    pub actor_key_id: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub outlet_id: Option<String>,
    pub note: Option<String>,
    pub days: Option<i32>,
    pub satisfaction: Option<i32>,
    pub public_note: Option<String>,
}

/// What the clocks read of one history entry.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = ticket_events)]
pub struct ClockEventRow {
    pub ticket_id: String,
    #[diesel(deserialize_as = crate::db::stored_time::StoredTime)]
    pub at: NaiveDateTime,
    pub action: String,
    pub days: Option<i32>,
}

#[derive(QueryableByName)]
struct Counter {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    last: i64,
}

/// Takes the next `n` numbers of a day's sequence and returns the last of
/// them (run inside the write transaction, which keeps the day's row locked).
pub fn reserve_sequence(conn: &mut DbConn, day: &str, n: i64) -> QueryResult<i64> {
    // One statement, prepared once: both backends have upserts with RETURNING.
    diesel::sql_query(
        "INSERT INTO ticket_counters (day, last) VALUES ($1, $2) \
         ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + excluded.last \
         RETURNING last",
    )
    .bind::<diesel::sql_types::Text, _>(day)
    .bind::<diesel::sql_types::BigInt, _>(n)
    .get_result::<Counter>(conn)
    .map(|c| c.last)
}

/// Gives back the last `n` numbers of a day's sequence, reserved by this
/// transaction and not used.
pub fn return_sequence(conn: &mut DbConn, day: &str, n: i64) -> QueryResult<()> {
    diesel::sql_query("UPDATE ticket_counters SET last = last - $1 WHERE day = $2")
        .bind::<diesel::sql_types::BigInt, _>(n)
        .bind::<diesel::sql_types::Text, _>(day)
        .execute(conn)
        .map(drop)
}

/// Replaces a ticket if it is still at `expected_version`; rows changed.
pub fn update(conn: &mut DbConn, ticket: &Ticket, expected_version: i64) -> QueryResult<usize> {
    let row = TicketRow::from(ticket);
    diesel::update(
        tickets::table
            .find(&row.id)
            .filter(tickets::version.eq(expected_version)),
    )
    .set(&row)
    .execute(conn)
}

/// Appends a history entry.
pub fn insert_event(conn: &mut DbConn, event: &Event) -> QueryResult<usize> {
    diesel::insert_into(ticket_events::table)
        .values(EventRow::from(event))
        .execute(conn)
}

/// One ticket by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Ticket>> {
    let row = tickets::table
        .find(id)
        .select(TicketRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| Ticket::try_from(r).map_err(corrupt))
        .transpose()
}

/// One ticket by tracking number.
pub fn find_by_tracking(conn: &mut DbConn, tracking: &str) -> QueryResult<Option<Ticket>> {
    let row = tickets::table
        .filter(tickets::tracking_number.eq(tracking))
        .select(TicketRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| Ticket::try_from(r).map_err(corrupt))
        .transpose()
}

/// A ticket's history in order.
pub fn events(conn: &mut DbConn, ticket_id: &str) -> QueryResult<Vec<Event>> {
    events_from(
        ticket_events::table
            .filter(ticket_events::ticket_id.eq(ticket_id))
            .order((ticket_events::at.asc(), ticket_events::id.asc()))
            .select(EventRow::as_select())
            .load(conn)?,
    )
}

/// Histories of several tickets, by ticket id, each in order (tickets without
/// events are absent).
pub fn events_of(
    conn: &mut DbConn,
    ticket_ids: &[String],
) -> QueryResult<std::collections::HashMap<String, Vec<Event>>> {
    let mut rows = Vec::new();
    // Both backends cap the number of bound parameters; stay well below.
    for chunk in ticket_ids.chunks(500) {
        rows.extend(
            ticket_events::table
                .filter(ticket_events::ticket_id.eq_any(chunk))
                .order((ticket_events::at.asc(), ticket_events::id.asc()))
                .select(EventRow::as_select())
                .load(conn)?,
        );
    }
    let mut by_ticket: std::collections::HashMap<String, Vec<Event>> = Default::default();
    for row in events_from(rows)? {
        by_ticket
            .entry(row.ticket_id.clone())
            .or_default()
            .push(row);
    }
    Ok(by_ticket)
}

/// What the clocks read of the histories of these tickets, each in order
/// (from the covering index `ticket_events_clock`, without the entries' rows).
pub fn clock_events_of(
    conn: &mut DbConn,
    ticket_ids: &[String],
) -> QueryResult<std::collections::HashMap<String, Vec<ClockEvent>>> {
    let mut by_ticket: std::collections::HashMap<String, Vec<ClockEvent>> = Default::default();
    // Both backends cap the number of bound parameters; stay well below.
    for chunk in ticket_ids.chunks(500) {
        let rows: Vec<ClockEventRow> = ticket_events::table
            .filter(ticket_events::ticket_id.eq_any(chunk))
            .order((
                ticket_events::ticket_id.asc(),
                ticket_events::at.asc(),
                ticket_events::id.asc(),
            ))
            .select(ClockEventRow::as_select())
            .load(conn)?;
        for row in rows {
            let (ticket, event) = row.into_clock_event()?;
            match by_ticket.get_mut(&ticket) {
                Some(events) => events.push(event),
                None => {
                    by_ticket.insert(ticket, vec![event]);
                }
            }
        }
    }
    Ok(by_ticket)
}

/// Every history entry, in order.
pub fn all_events(conn: &mut DbConn) -> QueryResult<Vec<Event>> {
    events_from(
        ticket_events::table
            .order((ticket_events::at.asc(), ticket_events::id.asc()))
            .select(EventRow::as_select())
            .load(conn)?,
    )
}

/// Every ticket, for statistics.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Ticket>> {
    tickets_of(tickets::table.select(TicketRow::as_select()).load(conn)?)
}
