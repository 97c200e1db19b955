//! `GET /knowledge/review`: entries due for review, for their owners.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::TicketWorker;
use crate::api::http::extract::ValidQuery;
use crate::domain::calendar::local_date;
use crate::domain::knowledge::EntryStatus;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::state::AppState;

/// Which entries.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Entries whose review date is on or before this day (default today).
    pub by: Option<NaiveDate>,
    /// Only entries this outlet owns.
    pub owner: Option<String>,
}

/// An entry due for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueEntry {
    /// The entry.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its status (retired entries are not listed).
    pub status: EntryStatus,
    /// The outlet that owns it.
    pub owner_outlet_id: Option<String>,
    /// When it was due for review.
    pub review_by: NaiveDate,
}

/// Entries due for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueEntries {
    /// Oldest review date first.
    pub items: Vec<DueEntry>,
}

/// Knowledge entries due for review.
///
/// Entries whose review date has come (admins and operators: all; outlet
/// staff: those their outlet, or an outlet under it, owns). Retired entries
/// are not listed.
#[utoipa::path(tag = "knowledge", params(ReviewQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Entries due for review", body = DueEntries),
    (status = 403, description = "Not a hotline or outlet key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/knowledge/review")]
pub async fn entries_due_for_review(
    TicketWorker(caller): TicketWorker,
    state: web::Data<AppState>,
    query: ValidQuery<ReviewQuery>,
) -> Result<HttpResponse, AppError> {
    let by = query.0.by.unwrap_or_else(|| local_date(state.now()));
    let dir = state.directory();
    let mine: Option<Vec<String>> = match (caller.role, &caller.outlet_id) {
        (Role::OutletStaff, Some(outlet)) => Some(dir.outlet_subtree(outlet)),
        (Role::OutletStaff, None) => Some(Vec::new()),
        _ => None,
    };
    let mut items: Vec<DueEntry> = (dir.catalogue.knowledge.entries.values())
        .filter(|e| e.content.status != EntryStatus::Retired)
        .filter(|e| query.0.owner.is_none() || e.content.owner_outlet_id == query.0.owner)
        .filter(|e| {
            let owner = e.content.owner_outlet_id.as_ref();
            mine.as_ref()
                .is_none_or(|m| owner.is_some_and(|o| m.contains(o)))
        })
        .filter_map(|e| {
            let due = e.content.review_by.filter(|d| *d <= by)?;
            Some(DueEntry {
                id: e.id.clone(),
                question: e.content.question.clone(),
                status: e.content.status,
                owner_outlet_id: e.content.owner_outlet_id.clone(),
                review_by: due,
            })
        })
        .collect();
    items.sort_by(|a, b| a.review_by.cmp(&b.review_by).then(a.id.cmp(&b.id)));
    Ok(HttpResponse::Ok().json(DueEntries { items }))
}
