//! `GET /audit/pii-access`: who saw which ticket's personal data in full (auditor).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::page::Window;
use crate::api::http::auth::AuditReader;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::db::{self, access_log::AccessFilter};
use crate::error::AppError;
use crate::state::AppState;

/// One full view of a ticket's personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessDto {
    /// Entry id: the answer's id, a dot and the record's place in it
    /// (`0193…-7c1e.004`); entries sort newest first by it.
    pub id: String,
    /// When.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub at: DateTime<Utc>,
    /// The key that saw it.
    pub key_id: String,
    /// That key's role.
    #[schema(value_type = crate::domain::vocab::Role)]
    pub role: String,
    /// The ticket, or for `record_kind` `person` the person in the programme pool.
    pub ticket_id: String,
    /// `intake`, `queue`, `view` or `action` (tickets); `person` (people).
    pub purpose: String,
    /// What was seen: `ticket` (a reporter's data) or `person` (a commissioner's or envoy's contacts).
    pub record_kind: String,
}

/// Which entries to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// Only views of this ticket.
    pub ticket: Option<String>,
    /// Only views with this key.
    pub key: Option<String>,
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

/// Who saw which ticket's personal data in full, and when (auditor only).
#[utoipa::path(tag = "audit", params(AccessQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Newest first", body = Page<AccessDto>),
    (status = 403, description = "Not an auditor key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/audit/pii-access")]
pub async fn pii_access(
    _reader: AuditReader,
    state: web::Data<AppState>,
    query: ValidQuery<AccessQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let window = Window::parse(q.from, q.to, q.cursor.as_deref(), q.limit)?;
    let filter = AccessFilter {
        ticket_id: q.ticket,
        key_id: q.key,
        from: window.from,
        to: window.to,
        before_id: window.before_id.clone(),
    };
    let fetch = window.fetch();
    let rows = state
        .db(move |conn| Ok(db::access_log::access_log(conn, &filter, fetch)?))
        .await?;
    let (rows, next_cursor) = window.page(rows, |r| &r.id);
    let items: Vec<AccessDto> = (rows.into_iter())
        .map(|r| AccessDto {
            id: r.id,
            at: r.at.and_utc(),
            key_id: r.key_id,
            role: r.role,
            ticket_id: r.ticket_id,
            purpose: r.purpose,
            record_kind: r.record_kind,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
