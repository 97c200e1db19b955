//! Ticket statistics as one aggregate query per request.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::DbConn;
use crate::domain::ticket::TicketState;

/// Sums for the tickets referred to one outlet.
#[derive(Debug, Clone, Default, PartialEq, QueryableByName)]
pub struct OutletSums {
    /// The outlet.
    #[diesel(sql_type = Text)]
    pub outlet_id: String,
    /// Tickets referred to it.
    #[diesel(sql_type = BigInt)]
    pub received: i64,
    /// Of those, closed.
    #[diesel(sql_type = BigInt)]
    pub closed: i64,
    /// Open ones whose deadline has passed.
    #[diesel(sql_type = BigInt)]
    pub overdue_now: i64,
    /// With a stopped handling clock.
    #[diesel(sql_type = BigInt)]
    pub answered: i64,
    /// Of those, stopped in time.
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
    /// Working days from 签收 to 答复 over the answered ones.
    #[diesel(sql_type = BigInt)]
    pub handling_days: i64,
    /// With a callback score.
    #[diesel(sql_type = BigInt)]
    pub rated: i64,
    /// The scores added up.
    #[diesel(sql_type = BigInt)]
    pub satisfaction: i64,
}

/// Sums per outlet of the tickets received in `[from, to)` (either open),
/// with "overdue" as of `now`. Reads the clock summaries kept with every change.
pub fn per_outlet(
    conn: &mut DbConn,
    now: NaiveDateTime,
    (from, to): (Option<NaiveDateTime>, Option<NaiveDateTime>),
) -> QueryResult<Vec<OutletSums>> {
    let closed = TicketState::Closed.as_str();
    diesel::sql_query(format!(
        "SELECT t.outlet_id AS outlet_id, COUNT(*) AS received, \
         SUM(CASE WHEN t.state = '{closed}' THEN 1 ELSE 0 END) AS closed, \
         SUM(CASE WHEN t.state <> '{closed}' AND d.overdue_at <= $1 THEN 1 ELSE 0 END) AS overdue_now, \
         SUM(CASE WHEN d.handling_met IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
         SUM(CASE WHEN d.handling_met THEN 1 ELSE 0 END) AS on_time, \
         COALESCE(SUM(d.handling_days), 0) AS handling_days, \
         COUNT(t.satisfaction) AS rated, \
         COALESCE(SUM(t.satisfaction), 0) AS satisfaction \
         FROM tickets t LEFT JOIN ticket_deadlines d ON d.ticket_id = t.id \
         WHERE t.outlet_id IS NOT NULL \
         AND ($2 IS NULL OR t.received_at >= $2) AND ($3 IS NULL OR t.received_at < $3) \
         GROUP BY t.outlet_id ORDER BY t.outlet_id"
    ))
    .bind::<Timestamp, _>(now)
    .bind::<Nullable<Timestamp>, _>(from)
    .bind::<Nullable<Timestamp>, _>(to)
    .load(conn)
}
