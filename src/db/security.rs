//! Idempotency records and API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_keys, idempotency_keys};
use super::DbConn;
use crate::db::api_keys::ApiKeyRow;

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
