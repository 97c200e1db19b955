//! Intake counters shared by every replica: hits per key per fixed window.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConn;

#[derive(QueryableByName)]
struct Hits {
    #[diesel(sql_type = BigInt)]
    hits: i64,
}

/// Counts one hit of `key` in the window starting at `window_start`; the
/// hits so far, this one included (one statement, so replicas cannot race).
pub fn hit(conn: &mut DbConn, key: &str, window_start: NaiveDateTime) -> QueryResult<i64> {
    diesel::sql_query(
        "INSERT INTO rate_counters (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_counters.hits + 1 \
         RETURNING hits",
    )
    .bind::<Text, _>(key)
    .bind::<Timestamp, _>(window_start)
    .get_result::<Hits>(conn)
    .map(|h| h.hits)
}

/// Forgets windows that started before `before`.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM rate_counters WHERE window_start < $1")
        .bind::<Timestamp, _>(before)
        .execute(conn)
}
