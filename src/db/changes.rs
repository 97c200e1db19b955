//! The directory change log that keeps replicas' in-memory state in step
//! and that outside consumers follow as the change feed (`GET /api/v1/changes`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::directory_changes;
use super::DbConn;

/// What changed, as stored in `directory_changes.entity`.
pub mod entity {
    /// An outlet (key: its id).
    pub const OUTLET: &str = "outlet";
    /// A region's boundary (key: its code).
    pub const REGION: &str = "region";
    /// Calendar, matters, hours or hotline rules (key: what, for the log).
    pub const CATALOGUE: &str = "catalogue";
}

/// A logged change.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = directory_changes)]
pub struct ChangeRow {
    pub seq: i64,
    pub entity: String,
    pub entity_key: String,
    pub changed_at: NaiveDateTime,
}

/// Logs a change; call inside the transaction that makes it (see [`write_logged`]).
pub fn record(conn: &mut DbConn, entity: &str, key: &str) -> QueryResult<usize> {
    diesel::insert_into(directory_changes::table)
        .values((
            directory_changes::entity.eq(entity),
            directory_changes::entity_key.eq(key),
            directory_changes::changed_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(conn)
}

/// The highest sequence number so far (0 when none).
pub fn last_seq(conn: &mut DbConn) -> QueryResult<i64> {
    directory_changes::table
        .select(diesel::dsl::max(directory_changes::seq))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}

/// Changes after `seq`, oldest first, at most `limit`.
pub fn since(conn: &mut DbConn, seq: i64, limit: i64) -> QueryResult<Vec<ChangeRow>> {
    directory_changes::table
        .filter(directory_changes::seq.gt(seq))
        .order(directory_changes::seq.asc())
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)
}

/// Forgets changes older than `before` (every replica has long applied them).
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(directory_changes::table.filter(directory_changes::changed_at.lt(before)))
        .execute(conn)
}

/// Runs `f` in a write transaction that also logs the change, so that every
/// replica reloads `(entity, key)`. Every write to what replicas hold in
/// memory goes through here.
pub fn write_logged<T, E>(
    conn: &mut DbConn,
    (entity, key): (&str, &str),
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    super::write_transaction(conn, |conn| {
        let value = f(conn)?;
        record(conn, entity, key)?;
        Ok(value)
    })
}
