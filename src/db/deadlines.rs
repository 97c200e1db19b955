//! Each open ticket's next deadline, as an index for the sweep and the queue.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{outlets, ticket_deadlines, tickets};
use super::DbConn;
use crate::domain::ticket::TicketState;

/// What a ticket's clocks come to: the deadline of an open ticket (all
/// `None` when no clock runs) and the outcome of its handling clock.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_deadlines, treat_none_as_default_value = false)]
pub struct DeadlineRow {
    pub ticket_id: String,
    pub timer: Option<String>,
    pub due: Option<NaiveDate>,
    pub provisional: bool,
    pub due_soon_at: Option<NaiveDateTime>,
    pub overdue_at: Option<NaiveDateTime>,
    pub handling_met: Option<bool>,
    pub handling_days: Option<i32>,
    pub stamp: i64,
}

/// Replaces a ticket's row.
pub fn put(conn: &mut DbConn, row: &DeadlineRow) -> QueryResult<()> {
    diesel::delete(ticket_deadlines::table.find(&row.ticket_id)).execute(conn)?;
    diesel::insert_into(ticket_deadlines::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Ids of tickets the sweep may escalate: assigned or in hand to an outlet
/// that has a parent, not escalated yet, whose deadline passed by `now`,
/// oldest deadline first.
pub fn overdue_candidates(
    conn: &mut DbConn,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let running = [
        TicketState::Assigned,
        TicketState::Accepted,
        TicketState::Paused,
    ];
    ticket_deadlines::table
        .inner_join(tickets::table)
        .filter(ticket_deadlines::overdue_at.le(now))
        .filter(tickets::state.eq_any(running.map(TicketState::as_str)))
        .filter(
            tickets::outlet_id.eq_any(
                outlets::table
                    .filter(outlets::parent_id.is_not_null())
                    .select(outlets::id.nullable()),
            ),
        )
        .filter(tickets::escalated_to.is_null())
        .order(ticket_deadlines::overdue_at.asc())
        .select(tickets::id)
        .limit(limit)
        .load(conn)
}

/// Ids of tickets without a row, and of open tickets whose row was computed
/// with another calendar or rules than `stamp`.
pub fn stale(conn: &mut DbConn, stamp: i64, limit: i64) -> QueryResult<Vec<String>> {
    let open = tickets::state.ne(TicketState::Closed.as_str());
    tickets::table
        .left_join(ticket_deadlines::table)
        .filter(
            ticket_deadlines::stamp
                .is_null()
                .or(open.and(ticket_deadlines::stamp.ne(stamp))),
        )
        .select(tickets::id)
        .limit(limit)
        .load(conn)
}
