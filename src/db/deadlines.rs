//! What each ticket's clocks come to, as an index for the sweep, the queue
//! filters and the statistics, and the per-day counters it keeps.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text, Timestamp};

use super::schema::{ticket_deadlines, tickets};
use super::DbConn;
use crate::domain::ticket::TicketState;

/// A ticket's clocks summed up: the deadline of an open ticket (all `None`
/// when no clock runs), the outcome of its handling clock, and what it adds
/// to the statistics of its outlet.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_deadlines, treat_none_as_default_value = false)]
pub struct DeadlineRow {
    pub ticket_id: String,
    pub outlet_id: Option<String>,
    pub received_day: NaiveDate,
    pub closed: bool,
    pub satisfaction: Option<i32>,
    pub timer: Option<String>,
    pub due: Option<NaiveDate>,
    pub provisional: bool,
    pub due_soon_at: Option<NaiveDateTime>,
    pub overdue_at: Option<NaiveDateTime>,
    /// The deadline, while the sweep may still escalate the ticket.
    pub sweep_at: Option<NaiveDateTime>,
    pub handling_met: Option<bool>,
    pub handling_days: Option<i32>,
    pub stamp: i64,
    /// History entries dated over a minute before they were recorded.
    pub backdated: i32,
    /// Whether the stopped acceptance clock stopped in time.
    pub acceptance_met: Option<bool>,
    /// Whether the stopped callback clock stopped in time.
    pub callback_met: Option<bool>,
    /// The day (China Standard Time) of its first direct answer (`answer`).
    pub answered_on: Option<NaiveDate>,
    /// Whether that answer came at first contact (一次办结).
    pub first_contact: bool,
}

/// What one ticket adds to its outlet's counters for its day of receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Contribution {
    closed: i64,
    answered: i64,
    on_time: i64,
    handling_days: i64,
    rated: i64,
    satisfaction: i64,
    backdated: i64,
    accepted: i64,
    accepted_on_time: i64,
    called_back: i64,
    called_back_on_time: i64,
}

impl DeadlineRow {
    /// Its outlet and the instant its deadline passes: what it adds to
    /// `deadline_counts`.
    fn deadline(&self) -> Option<(&str, NaiveDateTime)> {
        Some((self.outlet_id.as_deref()?, self.overdue_at?))
    }

    /// The day of its first direct answer, and whether at first contact:
    /// what it adds to `answer_counts`.
    fn answer(&self) -> Option<(NaiveDate, bool)> {
        Some((self.answered_on?, self.first_contact))
    }

    fn contribution(&self) -> Option<(&str, NaiveDate, Contribution)> {
        let outlet = self.outlet_id.as_deref()?;
        Some((
            outlet,
            self.received_day,
            Contribution {
                closed: i64::from(self.closed),
                answered: i64::from(self.handling_met.is_some()),
                on_time: i64::from(self.handling_met == Some(true)),
                handling_days: i64::from(self.handling_days.unwrap_or(0)),
                rated: i64::from(self.satisfaction.is_some()),
                satisfaction: i64::from(self.satisfaction.unwrap_or(0)),
                backdated: i64::from(self.backdated),
                accepted: i64::from(self.acceptance_met.is_some()),
                accepted_on_time: i64::from(self.acceptance_met == Some(true)),
                called_back: i64::from(self.callback_met.is_some()),
                called_back_on_time: i64::from(self.callback_met == Some(true)),
            },
        ))
    }
}

/// Adds (`sign` 1) or takes back (-1) a row's contribution to the counters.
fn count(
    conn: &mut DbConn,
    (outlet, day, c): (&str, NaiveDate, Contribution),
    sign: i64,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO ticket_counts (outlet_id, day, received, closed, answered, on_time, \
         handling_days, rated, satisfaction, backdated, accepted, accepted_on_time, \
         called_back, called_back_on_time) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (outlet_id, day) DO UPDATE SET \
         received = ticket_counts.received + excluded.received, \
         closed = ticket_counts.closed + excluded.closed, \
         answered = ticket_counts.answered + excluded.answered, \
         on_time = ticket_counts.on_time + excluded.on_time, \
         handling_days = ticket_counts.handling_days + excluded.handling_days, \
         rated = ticket_counts.rated + excluded.rated, \
         satisfaction = ticket_counts.satisfaction + excluded.satisfaction, \
         backdated = ticket_counts.backdated + excluded.backdated, \
         accepted = ticket_counts.accepted + excluded.accepted, \
         accepted_on_time = ticket_counts.accepted_on_time + excluded.accepted_on_time, \
         called_back = ticket_counts.called_back + excluded.called_back, \
         called_back_on_time = ticket_counts.called_back_on_time + excluded.called_back_on_time",
    )
    .bind::<Text, _>(outlet)
    .bind::<Date, _>(day)
    .bind::<BigInt, _>(sign)
    .bind::<BigInt, _>(sign * c.closed)
    .bind::<BigInt, _>(sign * c.answered)
    .bind::<BigInt, _>(sign * c.on_time)
    .bind::<BigInt, _>(sign * c.handling_days)
    .bind::<BigInt, _>(sign * c.rated)
    .bind::<BigInt, _>(sign * c.satisfaction)
    .bind::<BigInt, _>(sign * c.backdated)
    .bind::<BigInt, _>(sign * c.accepted)
    .bind::<BigInt, _>(sign * c.accepted_on_time)
    .bind::<BigInt, _>(sign * c.called_back)
    .bind::<BigInt, _>(sign * c.called_back_on_time)
    .execute(conn)
    .map(drop)
}

/// Adds (`sign` 1) or takes back (-1) an open ticket whose deadline passes at `at`.
fn count_deadline(
    conn: &mut DbConn,
    (outlet, at): (&str, NaiveDateTime),
    sign: i64,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO deadline_counts (outlet_id, overdue_at, tickets) VALUES ($1, $2, $3) \
         ON CONFLICT (outlet_id, overdue_at) \
         DO UPDATE SET tickets = deadline_counts.tickets + excluded.tickets",
    )
    .bind::<Text, _>(outlet)
    .bind::<Timestamp, _>(at)
    .bind::<BigInt, _>(sign)
    .execute(conn)
    .map(drop)
}

/// Adds (`sign` 1) or takes back (-1) a first direct answer on `day`.
fn count_answer(
    conn: &mut DbConn,
    (day, first_contact): (NaiveDate, bool),
    sign: i64,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO answer_counts (day, answered, first_contact) VALUES ($1, $2, $3) \
         ON CONFLICT (day) DO UPDATE SET answered = answer_counts.answered + excluded.answered, \
         first_contact = answer_counts.first_contact + excluded.first_contact",
    )
    .bind::<Date, _>(day)
    .bind::<BigInt, _>(sign)
    .bind::<BigInt, _>(sign * i64::from(first_contact))
    .execute(conn)
    .map(drop)
}

/// Replaces a ticket's row and moves its contribution to the counters
/// (inside the change's transaction).
pub fn put(conn: &mut DbConn, row: &DeadlineRow) -> QueryResult<()> {
    let old = ticket_deadlines::table
        .find(&row.ticket_id)
        .select(DeadlineRow::as_select())
        .first(conn)
        .optional()?;
    diesel::delete(ticket_deadlines::table.find(&row.ticket_id)).execute(conn)?;
    insert_replacing(conn, old.as_ref(), row)
}

/// Stores the row of a ticket that has none yet (one just taken in) and adds
/// its contribution to the counters: [`put`] without reading and deleting
/// the row it replaces, two statements fewer (on PostgreSQL, round trips).
pub fn put_new(conn: &mut DbConn, row: &DeadlineRow) -> QueryResult<()> {
    insert_replacing(conn, None, row)
}

/// Inserts `row` and moves the counters from `old`'s contribution to its own.
fn insert_replacing(
    conn: &mut DbConn,
    old: Option<&DeadlineRow>,
    row: &DeadlineRow,
) -> QueryResult<()> {
    diesel::insert_into(ticket_deadlines::table)
        .values(row)
        .execute(conn)?;
    shift(
        conn,
        (old.and_then(DeadlineRow::contribution), row.contribution()),
        count,
    )?;
    shift(
        conn,
        (old.and_then(DeadlineRow::deadline), row.deadline()),
        count_deadline,
    )?;
    shift(
        conn,
        (old.and_then(DeadlineRow::answer), row.answer()),
        count_answer,
    )
}

/// Moves a ticket's contribution to a counter from `old` to `new`: takes the
/// old one back and adds the new one, when they differ.
fn shift<T: PartialEq>(
    conn: &mut DbConn,
    (old, new): (Option<T>, Option<T>),
    count: impl Fn(&mut DbConn, T, i64) -> QueryResult<()>,
) -> QueryResult<()> {
    if old == new {
        return Ok(());
    }
    if let Some(old) = old {
        count(conn, old, -1)?;
    }
    if let Some(new) = new {
        count(conn, new, 1)?;
    }
    Ok(())
}

/// Rebuilds the counters from the rows (after a bulk load).
pub fn rebuild_counts(conn: &mut DbConn) -> QueryResult<usize> {
    refill(
        conn,
        "deadline_counts (outlet_id, overdue_at, tickets) \
         SELECT outlet_id, overdue_at, COUNT(*) FROM ticket_deadlines \
         WHERE outlet_id IS NOT NULL AND overdue_at IS NOT NULL GROUP BY outlet_id, overdue_at",
    )?;
    refill(
        conn,
        "answer_counts (day, answered, first_contact) \
         SELECT answered_on, COUNT(*), SUM(CASE WHEN first_contact THEN 1 ELSE 0 END) \
         FROM ticket_deadlines WHERE answered_on IS NOT NULL GROUP BY answered_on",
    )?;
    refill(
        conn,
        "ticket_counts (outlet_id, day, received, closed, answered, on_time, \
         handling_days, rated, satisfaction, backdated, accepted, accepted_on_time, \
         called_back, called_back_on_time) \
         SELECT outlet_id, received_day, COUNT(*), \
         SUM(CASE WHEN closed THEN 1 ELSE 0 END), \
         SUM(CASE WHEN handling_met IS NOT NULL THEN 1 ELSE 0 END), \
         SUM(CASE WHEN handling_met THEN 1 ELSE 0 END), \
         COALESCE(SUM(handling_days), 0), COUNT(satisfaction), COALESCE(SUM(satisfaction), 0), \
         COALESCE(SUM(backdated), 0), COUNT(acceptance_met), \
         SUM(CASE WHEN acceptance_met THEN 1 ELSE 0 END), COUNT(callback_met), \
         SUM(CASE WHEN callback_met THEN 1 ELSE 0 END) \
         FROM ticket_deadlines WHERE outlet_id IS NOT NULL GROUP BY outlet_id, received_day",
    )
}

/// Empties a counter table and fills it again: `into` is the table with its
/// columns and the SELECT that computes them.
fn refill(conn: &mut DbConn, into: &str) -> QueryResult<usize> {
    let table = into.split_whitespace().next().unwrap_or_default();
    diesel::sql_query(format!("DELETE FROM {table}")).execute(conn)?;
    diesel::sql_query(format!("INSERT INTO {into}")).execute(conn)
}

/// Ids of tickets the sweep should look at: their deadline passed by `now`
/// while they can still be escalated, oldest deadline first.
pub fn overdue_candidates(
    conn: &mut DbConn,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<String>> {
    ticket_deadlines::table
        .filter(ticket_deadlines::sweep_at.le(now))
        .order(ticket_deadlines::sweep_at.asc())
        .select(ticket_deadlines::ticket_id)
        .limit(limit)
        .load(conn)
}

/// Ids after `after`, in id order, of tickets without a row and of open
/// tickets whose row was computed with another calendar or rules than `stamp`.
pub fn stale(conn: &mut DbConn, stamp: i64, after: &str, limit: i64) -> QueryResult<Vec<String>> {
    let open = tickets::state.ne(TicketState::Closed.as_str());
    tickets::table
        .left_join(ticket_deadlines::table)
        .filter(tickets::id.gt(after))
        .filter(
            ticket_deadlines::stamp
                .is_null()
                .or(open.and(ticket_deadlines::stamp.ne(stamp))),
        )
        .order(tickets::id.asc())
        .select(tickets::id)
        .limit(limit)
        .load(conn)
}
