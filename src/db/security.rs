//! The personal-data access log and idempotency records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_keys, idempotency_keys, pii_access_log};
use super::DbConn;
use crate::db::api_keys::ApiKeyRow;

/// One full view of a ticket's personal data.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pii_access_log, treat_none_as_default_value = false)]
pub struct AccessRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub key_id: String,
    pub role: String,
    pub ticket_id: String,
    pub purpose: String,
    pub record_kind: String,
}

/// A stored Idempotency-Key; `status` and `body` are empty while the first request runs.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub scope: String,
    pub key: String,
    pub request_hash: String,
    pub status: Option<i32>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Records full views, many rows to a statement (a queue page shows up to
/// 100 tickets in full; one statement each was a fifth of reading the page).
pub fn log_access(conn: &mut DbConn, rows: &[AccessRow]) -> QueryResult<()> {
    crate::db::insert_many!(conn, pii_access_log::table, rows);
    Ok(())
}

/// Which access entries to read: all filters optional.
#[derive(Debug, Clone, Default)]
pub struct AccessFilter {
    /// Views of this ticket.
    pub ticket_id: Option<String>,
    /// Views with this key.
    pub key_id: Option<String>,
    /// At or after.
    pub from: Option<NaiveDateTime>,
    /// Before.
    pub to: Option<NaiveDateTime>,
    /// Only entries older than this one (the page cursor).
    pub before_id: Option<String>,
}

/// A page of the access log, newest first.
pub fn access_log(
    conn: &mut DbConn,
    filter: &AccessFilter,
    limit: i64,
) -> QueryResult<Vec<AccessRow>> {
    let mut q = pii_access_log::table
        .select(AccessRow::as_select())
        .into_boxed();
    if let Some(v) = &filter.ticket_id {
        q = q.filter(pii_access_log::ticket_id.eq(v.clone()));
    }
    if let Some(v) = &filter.key_id {
        q = q.filter(pii_access_log::key_id.eq(v.clone()));
    }
    if let Some(v) = filter.from {
        q = q.filter(pii_access_log::at.ge(v));
    }
    if let Some(v) = filter.to {
        q = q.filter(pii_access_log::at.lt(v));
    }
    if let Some(v) = &filter.before_id {
        q = q.filter(pii_access_log::id.lt(v.clone()));
    }
    q.order(pii_access_log::id.desc()).limit(limit).load(conn)
}

/// Claims a key (inside the caller's transaction); fails with a unique violation when taken.
pub fn claim(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<usize> {
    diesel::insert_into(idempotency_keys::table)
        .values(row)
        .execute(conn)
}

/// Stores the response of a claimed key.
pub fn complete(
    conn: &mut DbConn,
    scope: &str,
    key: &str,
    status: i32,
    body: &str,
) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.find((scope, key)))
        .set((
            idempotency_keys::status.eq(status),
            idempotency_keys::body.eq(body),
        ))
        .execute(conn)
}

/// A stored key.
pub fn find(conn: &mut DbConn, scope: &str, key: &str) -> QueryResult<Option<IdempotencyRow>> {
    idempotency_keys::table
        .find((scope, key))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()
}

/// Forgets keys older than `before`.
pub fn expire(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)
}

/// Every API key (hashes only), newest first.
pub fn keys(conn: &mut DbConn) -> QueryResult<Vec<ApiKeyRow>> {
    api_keys::table
        .order(api_keys::created_at.desc())
        .select(ApiKeyRow::as_select())
        .load(conn)
}

/// One key.
pub fn key(conn: &mut DbConn, id: &str) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .find(id)
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

/// Revokes a key; rows changed (0 when unknown or already revoked).
pub fn revoke(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_keys::table
            .find(id)
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(at))
    .execute(conn)
}

/// Forgets up to `batch` of the access entries older than `before` (the
/// audit retention period), oldest first.
pub fn prune_access_log(
    conn: &mut DbConn,
    before: NaiveDateTime,
    batch: i64,
) -> QueryResult<usize> {
    let oldest = pii_access_log::table
        .select(pii_access_log::id)
        .filter(pii_access_log::at.lt(before))
        .order((pii_access_log::at, pii_access_log::id))
        .limit(batch)
        .load::<String>(conn)?;
    diesel::delete(pii_access_log::table.filter(pii_access_log::id.eq_any(oldest))).execute(conn)
}
