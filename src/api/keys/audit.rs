//! The personal-data access log, for auditors and administrators.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::AuditReader;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::limit;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// One full view of a ticket's personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessDto {
    /// When.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub at: DateTime<Utc>,
    /// The key that saw it.
    pub key_id: String,
    /// That key's role.
    pub role: String,
    /// The ticket.
    pub ticket_id: String,
    /// `intake`, `queue`, `view` or `action`.
    pub purpose: String,
}

/// Which entries to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// Only views of this ticket.
    pub ticket: Option<String>,
    /// Most entries, 1 to 100 (default 20), newest first.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// Who saw which ticket's personal data in full, and when (auditor, admin).
#[utoipa::path(tag = "keys", params(AccessQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Newest first", body = Page<AccessDto>),
    (status = 403, description = "Not an auditor or admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/audit/pii-access")]
pub async fn pii_access(
    _reader: AuditReader,
    state: web::Data<AppState>,
    query: ValidQuery<AccessQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let limit = limit(q.limit)? as i64;
    let rows = state
        .db(move |conn| Ok(db::security::access_log(conn, q.ticket.as_deref(), limit)?))
        .await?;
    let items: Vec<AccessDto> = rows
        .into_iter()
        .map(|r| AccessDto {
            at: r.at.and_utc(),
            key_id: r.key_id,
            role: r.role,
            ticket_id: r.ticket_id,
            purpose: r.purpose,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
