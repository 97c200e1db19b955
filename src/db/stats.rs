//! Ticket statistics from the per-day counters, the deadline counters and
//! the deadline index.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::DbConn;

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
    /// Open ones whose deadline has passed (from the deadline index).
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
    /// History entries dated over a minute before they were recorded.
    #[diesel(sql_type = BigInt)]
    pub backdated: i64,
    /// With a stopped acceptance clock.
    #[diesel(sql_type = BigInt)]
    pub accepted: i64,
    /// Of those, stopped in time.
    #[diesel(sql_type = BigInt)]
    pub accepted_on_time: i64,
    /// With a stopped callback clock.
    #[diesel(sql_type = BigInt)]
    pub called_back: i64,
    /// Of those, stopped in time.
    #[diesel(sql_type = BigInt)]
    pub called_back_on_time: i64,
}

/// The sums of the counters per outlet; `{overdue}` and `{period}` are filled in.
const PER_OUTLET: &str = "SELECT outlet_id, CAST(SUM(received) AS BIGINT) AS received, \
     CAST(SUM(closed) AS BIGINT) AS closed, \
     CAST(SUM(answered) AS BIGINT) AS answered, CAST(SUM(on_time) AS BIGINT) AS on_time, \
     CAST(SUM(handling_days) AS BIGINT) AS handling_days, \
     CAST(SUM(rated) AS BIGINT) AS rated, CAST(SUM(satisfaction) AS BIGINT) AS satisfaction, \
     CAST(SUM(backdated) AS BIGINT) AS backdated, \
     CAST(SUM(accepted) AS BIGINT) AS accepted, \
     CAST(SUM(accepted_on_time) AS BIGINT) AS accepted_on_time, \
     CAST(SUM(called_back) AS BIGINT) AS called_back, \
     CAST(SUM(called_back_on_time) AS BIGINT) AS called_back_on_time, \
     {overdue} AS overdue_now \
     FROM ticket_counts c {period} \
     GROUP BY outlet_id HAVING SUM(received) > 0 ORDER BY outlet_id";

/// Sums per outlet of the tickets received on days in `[from, to]` (either
/// open), with "overdue" as of `now`: the counters for the period, and for
/// each outlet the open tickets whose deadline passed, from their counters
/// without a period and from one range of the deadline index with one.
pub fn per_outlet(
    conn: &mut DbConn,
    now: NaiveDateTime,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> QueryResult<Vec<OutletSums>> {
    if from.is_none() && to.is_none() {
        let overdue = "(SELECT CAST(COALESCE(SUM(k.tickets), 0) AS BIGINT) \
                       FROM deadline_counts k WHERE k.outlet_id = c.outlet_id AND k.overdue_at <= $1)";
        return diesel::sql_query(
            PER_OUTLET
                .replace("{overdue}", overdue)
                .replace("{period}", ""),
        )
        .bind::<Timestamp, _>(now)
        .load(conn);
    }
    // The period's bounds are the placeholders numbered `from` and `to` of the
    // query; they appear before `$3`, as SQLite numbers `$n` by first appearance.
    let in_period = |column: &str, from: u8, to: u8| {
        format!("(${from} IS NULL OR {column} >= ${from}) AND (${to} IS NULL OR {column} <= ${to})")
    };
    let overdue = format!(
        "(SELECT COUNT(*) FROM ticket_deadlines d WHERE d.outlet_id = c.outlet_id AND {} \
         AND d.overdue_at <= $3)",
        in_period("d.received_day", 1, 2)
    );
    let period = format!("WHERE {}", in_period("c.day", 1, 2));
    diesel::sql_query(
        PER_OUTLET
            .replace("{overdue}", &overdue)
            .replace("{period}", &period),
    )
    .bind::<Nullable<diesel::sql_types::Date>, _>(from)
    .bind::<Nullable<diesel::sql_types::Date>, _>(to)
    .bind::<Timestamp, _>(now)
    .load(conn)
}

/// First direct answers in a period, from the per-day counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, QueryableByName)]
pub struct AnswerSums {
    /// Tickets first answered directly.
    #[diesel(sql_type = BigInt)]
    pub answered: i64,
    /// Of those, answered at first contact.
    #[diesel(sql_type = BigInt)]
    pub first_contact: i64,
}

/// First direct answers on days in `[from, to]` (either open).
pub fn answers(
    conn: &mut DbConn,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> QueryResult<AnswerSums> {
    diesel::sql_query(
        "SELECT CAST(COALESCE(SUM(answered), 0) AS BIGINT) AS answered, \
         CAST(COALESCE(SUM(first_contact), 0) AS BIGINT) AS first_contact \
         FROM answer_counts WHERE ($1 IS NULL OR day >= $1) AND ($2 IS NULL OR day <= $2)",
    )
    .bind::<Nullable<diesel::sql_types::Date>, _>(from)
    .bind::<Nullable<diesel::sql_types::Date>, _>(to)
    .get_result(conn)
}
