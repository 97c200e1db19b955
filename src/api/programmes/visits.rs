//! Visits: logged by commissioners and envoys for their own assignments (or
//! by the office for them), listed, and their follow-ups closed.

use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::{FollowUpDto, VisitDto};
use crate::api::http::auth::ProgrammeCaller;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::db::programmes::visits::VisitFilter;
use crate::domain::programmes::visit::VisitDraft;
use crate::error::AppError;
use crate::programmes::visits;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Which visits to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VisitsQuery {
    /// By this person (commissioners and envoys: only themselves).
    pub person_id: Option<String>,
    /// To this target.
    pub target_id: Option<String>,
    /// To this region.
    pub region_code: Option<String>,
    /// On or after this day.
    pub from: Option<NaiveDate>,
    /// On or before this day.
    pub to: Option<NaiveDate>,
    /// At most this many, 1 to 1000 (default 200).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// Visits, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Visits {
    /// With their follow-ups.
    pub items: Vec<VisitDto>,
}

/// Closing a follow-up.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpDone {
    /// The day it was done (default today).
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-10")]
    pub done_on: Option<NaiveDate>,
}

/// Logs a visit.
///
/// A commissioner or envoy logs one for their own assignment in force that
/// day (403 otherwise); the office names `person_id` (409 without an
/// assignment).
#[utoipa::path(tag = "programmes", request_body = VisitDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Logged", body = VisitDto),
    (status = 403, description = "Not a programme key, or not among the caller's assignments", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No assignment in force that day", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/visits")]
pub async fn log_visit(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    body: ValidJson<VisitDraft>,
) -> Result<HttpResponse, AppError> {
    let (actor, draft) = (caller.actor()?, body.0);
    let at = (state.today(), state.now());
    let (visit, ups) = state
        .write(move |conn| visits::log(conn, &actor, draft, at))
        .await?;
    Ok(HttpResponse::Created().json(VisitDto::new(visit, ups)))
}

/// Lists visits (the office: all; commissioners and envoys: their own).
#[utoipa::path(tag = "programmes", params(VisitsQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Visits", body = Visits),
    (status = 400, description = "Bad limit", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a programme key, or another person's", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/visits")]
pub async fn list_visits(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    q: ValidQuery<VisitsQuery>,
) -> Result<HttpResponse, AppError> {
    let (actor, q) = (caller.actor()?, q.0);
    let n = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&n) {
        return Err(AppError::bad_request(
            "limit",
            crate::i18n::Text::new("须为 1 到 1000", "must be from 1 to 1000"),
        ));
    }
    let filter = VisitFilter {
        person_id: q.person_id,
        target_id: q.target_id,
        region_code: q.region_code,
        from: q.from,
        to: q.to,
    };
    let found = state
        .db(move |conn| visits::list(conn, &actor, filter, n.into()))
        .await?;
    let items = found
        .into_iter()
        .map(|(v, ups)| VisitDto::new(v, ups))
        .collect();
    Ok(HttpResponse::Ok().json(Visits { items }))
}

/// Marks a follow-up done (its person, or the office).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Follow-up id")), request_body = FollowUpDone, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Done", body = FollowUpDto),
    (status = 403, description = "Not a programme key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such follow-up, or another person's", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Done already", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/follow-ups/{id}/done")]
pub async fn close_follow_up(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<FollowUpDone>,
) -> Result<HttpResponse, AppError> {
    let actor = caller.actor()?;
    let on = body.0.done_on.unwrap_or_else(|| state.today());
    if on > state.today() {
        return Err(AppError::invalid(
            "done_on",
            crate::i18n::Text::new("不能是将来的日期", "must not be in the future"),
        ));
    }
    let done = state
        .write(move |conn| visits::close_follow_up(conn, &actor, &id, on))
        .await?;
    Ok(HttpResponse::Ok().json(FollowUpDto::from(done)))
}
