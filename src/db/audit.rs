//! The admin audit trail: append-only rows, read by auditors in pages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::admin_audit;
use super::DbConn;
use crate::domain::audit::{Change, Who};

/// One stored entry.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = admin_audit)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub key_id: Option<String>,
    pub role: String,
    pub client: String,
    pub action: String,
    pub resource: String,
    pub resource_id: String,
    pub summary: String,
}

/// Which entries to read: all filters optional, newest first, after `before_id`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Made with this key.
    pub key_id: Option<String>,
    /// This action, e.g. `key.create`.
    pub action: Option<String>,
    /// On this kind of record.
    pub resource: Option<String>,
    /// On this record.
    pub resource_id: Option<String>,
    /// At or after.
    pub from: Option<NaiveDateTime>,
    /// Before.
    pub to: Option<NaiveDateTime>,
    /// Only entries older than this one (the page cursor).
    pub before_id: Option<String>,
}

/// Appends an entry (inside the caller's transaction, so the change and its
/// record commit together).
pub fn record(conn: &mut DbConn, who: &Who, change: &Change, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(admin_audit::table)
        .values(AuditRow {
            id: uuid::Uuid::now_v7().to_string(),
            at,
            key_id: who.key_id.clone(),
            role: who.role.clone(),
            client: who.client.clone(),
            action: change.action.into(),
            resource: change.resource.into(),
            resource_id: change.resource_id.clone(),
            summary: change.summary(),
        })
        .execute(conn)
        .map(drop)
}

/// A page of entries matching `filter`, newest first.
pub fn list(conn: &mut DbConn, filter: &AuditFilter, limit: i64) -> QueryResult<Vec<AuditRow>> {
    let mut q = admin_audit::table
        .select(AuditRow::as_select())
        .into_boxed();
    if let Some(v) = &filter.key_id {
        q = q.filter(admin_audit::key_id.eq(v.clone()));
    }
    if let Some(v) = &filter.action {
        q = q.filter(admin_audit::action.eq(v.clone()));
    }
    if let Some(v) = &filter.resource {
        q = q.filter(admin_audit::resource.eq(v.clone()));
    }
    if let Some(v) = &filter.resource_id {
        q = q.filter(admin_audit::resource_id.eq(v.clone()));
    }
    if let Some(v) = filter.from {
        q = q.filter(admin_audit::at.ge(v));
    }
    if let Some(v) = filter.to {
        q = q.filter(admin_audit::at.lt(v));
    }
    if let Some(v) = &filter.before_id {
        q = q.filter(admin_audit::id.lt(v.clone()));
    }
    q.order(admin_audit::id.desc()).limit(limit).load(conn)
}

/// Forgets up to `batch` of the entries older than `before` (the retention
/// period, at least 180 days), oldest first.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime, batch: i64) -> QueryResult<usize> {
    let oldest = admin_audit::table
        .select(admin_audit::id)
        .filter(admin_audit::at.lt(before))
        .order((admin_audit::at, admin_audit::id))
        .limit(batch)
        .load::<String>(conn)?;
    diesel::delete(admin_audit::table.filter(admin_audit::id.eq_any(oldest))).execute(conn)
}
