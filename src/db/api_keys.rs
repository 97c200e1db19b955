//! API key rows. Only the SHA-256 hash of a key is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::api_keys;
use super::DbConn;

/// A stored API key.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub key_hash: String,
    pub role: String,
    pub outlet_id: Option<String>,
    pub label: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// The key that made this one; `None` for keys made with the CLI on the server.
    pub created_by: Option<String>,
    /// When the key stops working; `None`: never.
    pub expires_at: Option<NaiveDateTime>,
    /// For commissioners and envoys: the person in the programme pool.
    pub person_id: Option<String>,
}

/// Stores a new key.
pub fn insert(conn: &mut DbConn, row: &ApiKeyRow) -> QueryResult<usize> {
    diesel::insert_into(api_keys::table)
        .values(row)
        .execute(conn)
}

/// The key with this hash, if neither revoked nor expired at `now`.
pub fn find_active(
    conn: &mut DbConn,
    key_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .filter(api_keys::key_hash.eq(key_hash))
        .filter(api_keys::revoked_at.is_null())
        .filter(
            api_keys::expires_at
                .is_null()
                .or(api_keys::expires_at.gt(now)),
        )
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

/// Records that a key was used.
pub fn touch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_keys::table.find(id))
        .set(api_keys::last_used_at.eq(at))
        .execute(conn)
}
