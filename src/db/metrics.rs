//! Counts `/metrics` reads at scrape time.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::{ticket_deadlines, tickets, webhook_deliveries};
use super::DbConn;

/// (state, count) of every ticket state present.
pub fn tickets_by_state(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    tickets::table
        .group_by(tickets::state)
        .select((tickets::state, count_star()))
        .load(conn)
}

/// Open tickets whose deadline passed by `now`.
pub fn open_overdue(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<i64> {
    ticket_deadlines::table
        .filter(ticket_deadlines::closed.eq(false))
        .filter(ticket_deadlines::overdue_at.le(now))
        .count()
        .get_result(conn)
}

/// Webhook deliveries in a state (`pending`, `dead`).
pub fn deliveries_in(conn: &mut DbConn, state: &str) -> QueryResult<i64> {
    webhook_deliveries::table
        .filter(webhook_deliveries::state.eq(state))
        .count()
        .get_result(conn)
}
