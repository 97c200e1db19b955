//! `GET /audit/events`: the admin audit trail (管理审计日志), for auditors.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::page::Window;
use crate::api::http::auth::AuditReader;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::db::{self, audit::AuditFilter, audit::AuditRow};
use crate::error::AppError;
use crate::state::AppState;

/// One change outside a ticket's own history: who, what, when, from where.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventDto {
    /// Entry id.
    pub id: String,
    /// When.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub at: DateTime<Utc>,
    /// The key used; `null` for the CLI on the server and failed authentications.
    pub key_id: Option<String>,
    /// That key's role; `server` for the CLI, `unauthenticated` for failed authentications.
    pub role: String,
    /// The client's address (IPv6 clients by /64), or `server`.
    pub client: String,
    /// `<resource>.<verb>`: `key.create`, `key.revoke`, `key.rotate`,
    /// `webhook.create`, `webhook.delete`, `webhook.redeliver`, `calendar.replace`,
    /// `hotline_rules.replace`, `matter.replace`, `hours.replace`,
    /// `boundary.replace`, `outlet.create`, `outlet.update`, `outlet.close`,
    /// `auth.fail`, `reporter.erase`.
    pub action: String,
    /// The kind of record changed.
    pub resource: String,
    /// Which record (for `auth.fail`, the path asked for).
    pub resource_id: String,
    /// The record before the change (`null` for creations), cut to 2,000 characters.
    #[schema(value_type = Object)]
    pub before: serde_json::Value,
    /// The record after the change (`null` for deletions), cut to 2,000 characters.
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
}

impl From<AuditRow> for AuditEventDto {
    fn from(r: AuditRow) -> Self {
        let summary: serde_json::Value = serde_json::from_str(&r.summary).unwrap_or_default();
        Self {
            id: r.id,
            at: r.at.and_utc(),
            key_id: r.key_id,
            role: r.role,
            client: r.client,
            action: r.action,
            resource: r.resource,
            resource_id: r.resource_id,
            before: summary["before"].clone(),
            after: summary["after"].clone(),
        }
    }
}

/// Which entries to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only changes made with this key.
    pub key: Option<String>,
    /// Only this action, e.g. `key.create`.
    pub action: Option<String>,
    /// Only changes to this kind of record, e.g. `key`, `calendar`.
    pub resource: Option<String>,
    /// Only changes to this record.
    pub resource_id: Option<String>,
    /// Only entries at or after this instant (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<DateTime<FixedOffset>>,
    /// Only entries before this instant (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<DateTime<FixedOffset>>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Entries per page, 1 to 100 (default 20), newest first.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The audit trail.
///
/// Every change to keys, webhooks, the calendar, hotline rules, matters,
/// hours, boundaries and outlets, and failed authentications, newest first
/// (auditor only; kept for the configured retention, at least 180 days).
#[utoipa::path(tag = "audit", params(AuditQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Newest first", body = Page<AuditEventDto>),
    (status = 403, description = "Not an auditor key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/audit/events")]
pub async fn audit_events(
    _reader: AuditReader,
    state: web::Data<AppState>,
    query: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let window = Window::parse(q.from, q.to, q.cursor.as_deref(), q.limit)?;
    let filter = AuditFilter {
        key_id: q.key,
        action: q.action,
        resource: q.resource,
        resource_id: q.resource_id,
        from: window.from,
        to: window.to,
        before_id: window.before_id.clone(),
    };
    let fetch = window.fetch();
    let rows = state
        .db(move |conn| Ok(db::audit::list(conn, &filter, fetch)?))
        .await?;
    let (rows, next_cursor) = window.page(rows, |r| &r.id);
    let items: Vec<AuditEventDto> = rows.into_iter().map(AuditEventDto::from).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
