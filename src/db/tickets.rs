//! Ticket rows, their append-only history, tracking numbers and queues.

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{ticket_deadlines, ticket_events, tickets};
use super::DbConn;
use crate::domain::point::LngLat;
use crate::domain::ticket::{Event, Reporter, Ticket, TicketCategory, TicketKind, TicketState};

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
    pub received_at: NaiveDateTime,
    pub state: String,
    pub outlet_id: Option<String>,
    pub escalated_to: Option<String>,
    pub merged_into: Option<String>,
    pub reply: Option<String>,
    pub satisfaction: Option<i32>,
    pub close_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// One history entry.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_events, treat_none_as_default_value = false)]
pub struct EventRow {
    pub id: String,
    pub ticket_id: String,
    pub at: NaiveDateTime,
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
}

/// Filters of a ticket queue; all given ones must hold.
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub states: Vec<TicketState>,
    pub kind: Option<TicketKind>,
    pub category: Option<TicketCategory>,
    /// Tickets assigned or escalated to any of these outlets.
    pub outlets: Option<Vec<String>>,
    pub received_from: Option<NaiveDateTime>,
    pub received_to: Option<NaiveDateTime>,
    pub text: Option<String>,
    pub after_id: Option<String>,
    /// Only tickets whose stored deadline turned overdue by this instant.
    pub overdue_by: Option<NaiveDateTime>,
    /// Only tickets whose stored deadline is due soon, not overdue, at this instant.
    pub due_soon_by: Option<NaiveDateTime>,
    pub limit: i64,
}

#[derive(QueryableByName)]
struct Counter {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    last: i64,
}

/// The next number of a day's sequence (run inside the write transaction).
pub fn next_sequence(conn: &mut DbConn, day: &str) -> QueryResult<i64> {
    // One statement, prepared once: both backends have upserts with RETURNING.
    diesel::sql_query(
        "INSERT INTO ticket_counters (day, last) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
    )
    .bind::<diesel::sql_types::Text, _>(day)
    .get_result::<Counter>(conn)
    .map(|c| c.last)
}

/// Inserts a new ticket.
pub fn insert(conn: &mut DbConn, ticket: &Ticket) -> QueryResult<usize> {
    diesel::insert_into(tickets::table)
        .values(TicketRow::from(ticket))
        .execute(conn)
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

/// Every history entry, in order.
pub fn all_events(conn: &mut DbConn) -> QueryResult<Vec<Event>> {
    events_from(
        ticket_events::table
            .order((ticket_events::at.asc(), ticket_events::id.asc()))
            .select(EventRow::as_select())
            .load(conn)?,
    )
}

/// A page of tickets ordered by id (creation order).
pub fn queue(conn: &mut DbConn, f: &QueueFilter) -> QueryResult<Vec<Ticket>> {
    let mut q = tickets::table
        .select(TicketRow::as_select())
        .into_boxed::<Backend>();
    if !f.states.is_empty() {
        q = q.filter(tickets::state.eq_any(f.states.iter().map(|s| s.as_str())));
    }
    if let Some(kind) = &f.kind {
        q = q.filter(tickets::kind.eq(kind.as_str()));
    }
    if let Some(category) = &f.category {
        q = q.filter(tickets::category.eq(category.as_str()));
    }
    if let Some(outlets) = &f.outlets {
        q = q.filter(
            tickets::outlet_id
                .eq_any(outlets.clone())
                .or(tickets::escalated_to.eq_any(outlets.clone())),
        );
    }
    if let Some(from) = f.received_from {
        q = q.filter(tickets::received_at.ge(from));
    }
    if let Some(to) = f.received_to {
        q = q.filter(tickets::received_at.lt(to));
    }
    if let Some(text) = &f.text {
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        q = q.filter(
            tickets::subject
                .like(pattern.clone())
                .escape('\\')
                .or(tickets::description.like(pattern.clone()).escape('\\'))
                .or(tickets::tracking_number.like(pattern).escape('\\')),
        );
    }
    if let Some(after) = &f.after_id {
        q = q.filter(tickets::id.gt(after.clone()));
    }
    // EXISTS, not IN: the page walks tickets in id order and looks each up,
    // instead of collecting every overdue ticket first.
    if let Some(t) = f.overdue_by {
        q = q.filter(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::overdue_at.le(t)),
        ));
    }
    if let Some(t) = f.due_soon_by {
        q = q.filter(diesel::dsl::exists(
            ticket_deadlines::table
                .filter(ticket_deadlines::ticket_id.eq(tickets::id))
                .filter(ticket_deadlines::due_soon_at.le(t))
                .filter(ticket_deadlines::overdue_at.gt(t)),
        ));
    }
    tickets_of(q.order(tickets::id.asc()).limit(f.limit).load(conn)?)
}

/// Open tickets received since `since` of `category` inside the box
/// `[west, south, east, north]`, for duplicate suggestions (uses the
/// `received_at` and `(category, lat)` indexes).
pub fn open_near(
    conn: &mut DbConn,
    since: NaiveDateTime,
    category: TicketCategory,
    [west, south, east, north]: [f64; 4],
) -> QueryResult<Vec<Ticket>> {
    tickets_of(
        tickets::table
            .filter(tickets::state.ne(TicketState::Closed.as_str()))
            .filter(tickets::received_at.ge(since))
            .filter(tickets::category.eq(category.as_str()))
            .filter(tickets::lat.between(south, north))
            .filter(tickets::lng.between(west, east))
            .select(TicketRow::as_select())
            .limit(200)
            .load(conn)?,
    )
}

/// Open tickets received since `since` from this phone (uses its index).
pub fn open_from_phone(
    conn: &mut DbConn,
    since: NaiveDateTime,
    phone: &str,
) -> QueryResult<Vec<Ticket>> {
    tickets_of(
        tickets::table
            .filter(tickets::reporter_phone.eq(phone))
            .filter(tickets::state.ne(TicketState::Closed.as_str()))
            .filter(tickets::received_at.ge(since))
            .select(TicketRow::as_select())
            .limit(200)
            .load(conn)?,
    )
}

/// Every ticket, for statistics.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Ticket>> {
    tickets_of(tickets::table.select(TicketRow::as_select()).load(conn)?)
}

fn json_list(text: &str, what: &str, id: &str) -> anyhow::Result<Vec<String>> {
    serde_json::from_str(text).with_context(|| format!("ticket {id} {what}"))
}

fn parse<T: std::str::FromStr>(text: &str, what: &str, id: &str) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse()
        .with_context(|| format!("ticket {id} {what} `{text}`"))
}

impl TryFrom<TicketRow> for Ticket {
    type Error = anyhow::Error;

    /// Converts a stored ticket.
    fn try_from(r: TicketRow) -> anyhow::Result<Ticket> {
        let id = r.id.as_str();
        let location = match r.lng.zip(r.lat) {
            Some((lng, lat)) => {
                Some(LngLat::new(lng, lat).with_context(|| format!("ticket {id} location"))?)
            }
            None => None,
        };
        Ok(Ticket {
            channel: parse(&r.channel, "channel", id)?,
            kind: parse(&r.kind, "kind", id)?,
            category: parse(&r.category, "category", id)?,
            state: parse(&r.state, "state", id)?,
            close_reason: r
                .close_reason
                .as_deref()
                .map(|c| parse(c, "close reason", id))
                .transpose()?,
            attachments: json_list(&r.attachments, "attachments", id)?,
            tags: json_list(&r.tags, "tags", id)?,
            satisfaction: r
                .satisfaction
                .map(u8::try_from)
                .transpose()
                .context("satisfaction")?,
            location,
            reporter: Reporter {
                name: r.reporter_name,
                phone: r.reporter_phone,
                email: r.reporter_email,
                organisation: r.reporter_org,
                anonymous: r.anonymous,
            },
            received_at: r.received_at.and_utc(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            id: r.id,
            tracking_number: r.tracking_number,
            token_hash: r.token_hash,
            subject: r.subject,
            description: r.description,
            region_code: r.region_code,
            outlet_id: r.outlet_id,
            escalated_to: r.escalated_to,
            merged_into: r.merged_into,
            reply: r.reply,
            version: r.version,
        })
    }
}

impl From<&Ticket> for TicketRow {
    /// Converts a ticket for storage.
    fn from(t: &Ticket) -> TicketRow {
        TicketRow {
            id: t.id.clone(),
            tracking_number: t.tracking_number.clone(),
            token_hash: t.token_hash.clone(),
            channel: t.channel.as_str().into(),
            kind: t.kind.as_str().into(),
            category: t.category.as_str().into(),
            subject: t.subject.clone(),
            description: t.description.clone(),
            lng: t.location.map(|p| p.lng()),
            lat: t.location.map(|p| p.lat()),
            region_code: t.region_code.clone(),
            reporter_name: t.reporter.name.clone(),
            reporter_phone: t.reporter.phone.clone(),
            reporter_email: t.reporter.email.clone(),
            reporter_org: t.reporter.organisation.clone(),
            anonymous: t.reporter.anonymous,
            attachments: serde_json::to_string(&t.attachments).expect("strings serialize"),
            tags: serde_json::to_string(&t.tags).expect("strings serialize"),
            received_at: t.received_at.naive_utc(),
            state: t.state.as_str().into(),
            outlet_id: t.outlet_id.clone(),
            escalated_to: t.escalated_to.clone(),
            merged_into: t.merged_into.clone(),
            reply: t.reply.clone(),
            satisfaction: t.satisfaction.map(i32::from),
            close_reason: t.close_reason.map(|c| c.as_str().into()),
            created_at: t.created_at.naive_utc(),
            updated_at: t.updated_at.naive_utc(),
            version: t.version,
        }
    }
}

impl TryFrom<EventRow> for Event {
    type Error = anyhow::Error;

    /// Converts a stored history entry.
    fn try_from(r: EventRow) -> anyhow::Result<Event> {
        let id = r.ticket_id.as_str();
        Ok(Event {
            action: parse(&r.action, "event action", id)?,
            from_state: r
                .from_state
                .as_deref()
                .map(|s| parse(s, "event state", id))
                .transpose()?,
            to_state: parse(&r.to_state, "event state", id)?,
            days: r
                .days
                .map(u32::try_from)
                .transpose()
                .context("event days")?,
            satisfaction: r
                .satisfaction
                .map(u8::try_from)
                .transpose()
                .context("event satisfaction")?,
            at: r.at.and_utc(),
            recorded_at: r.recorded_at.and_utc(),
            id: r.id,
            ticket_id: r.ticket_id,
            actor_key_id: r.actor_key_id,
            actor_role: r.actor_role,
            outlet_id: r.outlet_id,
            note: r.note,
        })
    }
}

impl From<&Event> for EventRow {
    /// Converts a history entry for storage.
    fn from(e: &Event) -> EventRow {
        EventRow {
            id: e.id.clone(),
            ticket_id: e.ticket_id.clone(),
            at: e.at.naive_utc(),
            recorded_at: e.recorded_at.naive_utc(),
            actor_key_id: e.actor_key_id.clone(),
            actor_role: e.actor_role.clone(),
            action: e.action.as_str().into(),
            from_state: e.from_state.map(|s| s.as_str().into()),
            to_state: e.to_state.as_str().into(),
            outlet_id: e.outlet_id.clone(),
            note: e.note.clone(),
            days: e.days.map(|d| d as i32),
            satisfaction: e.satisfaction.map(i32::from),
        }
    }
}

pub(super) fn tickets_of(rows: Vec<TicketRow>) -> QueryResult<Vec<Ticket>> {
    rows.into_iter()
        .map(|r| Ticket::try_from(r).map_err(corrupt))
        .collect()
}

fn events_from(rows: Vec<EventRow>) -> QueryResult<Vec<Event>> {
    rows.into_iter()
        .map(|r| Event::try_from(r).map_err(corrupt))
        .collect()
}

/// A stored value the domain refuses: reported as a deserialisation error.
pub(super) fn corrupt(e: anyhow::Error) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(e.into())
}
