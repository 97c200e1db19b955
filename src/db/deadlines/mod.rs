//! What each ticket's clocks come to, as an index for the sweep, the queue
//! filters and the statistics, and the per-day counters it keeps.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{ticket_deadlines, tickets};
use super::DbConn;
use crate::domain::ticket::TicketState;

mod counts;

pub use counts::{rebuild_counts, Tally};

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

/// Replaces a ticket's row and moves its contribution to the counters
/// (inside the change's transaction).
pub fn put(conn: &mut DbConn, row: &DeadlineRow) -> QueryResult<()> {
    // One statement takes the old row out and reads it back (RETURNING
    // exists per backend only).
    let gone = diesel::delete(ticket_deadlines::table.find(&row.ticket_id));
    let old = match &mut *conn {
        DbConn::Sqlite(c) => gone.returning(DeadlineRow::as_returning()).get_result(c),
        DbConn::Postgresql(c) => gone.returning(DeadlineRow::as_returning()).get_result(c),
    }
    .optional()?;
    diesel::insert_into(ticket_deadlines::table)
        .values(row)
        .execute(conn)?;
    let mut tally = Tally::default();
    tally.shift(old.as_ref(), row);
    tally.write(conn)
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
