//! Drafting plans and recording progress on milestones (admins, operators).

use actix_web::http::header;
use actix_web::{post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::dto::PlanDto;
use crate::api::http::auth::HotlineDesk;
use crate::api::http::extract::ValidJson;
use crate::domain::audit::Who;
use crate::domain::length::within;
use crate::domain::plans::{MilestoneStatus, Plan, PlanDraft};
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::plans;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Progress on a milestone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// The status it is at now; `done` records the day as done.
    pub status: MilestoneStatus,
    /// What was done.
    #[schema(example = "已形成征求意见稿", max_length = 2000)]
    pub note: String,
    /// The day (default today), not in the future.
    #[schema(value_type = Option<String>, format = Date)]
    pub noted_on: Option<NaiveDate>,
}

/// Adds a plan with its tasks and milestones (admins, operators).
#[utoipa::path(tag = "plans", request_body = PlanDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Added", body = PlanDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/plans")]
pub async fn create_plan(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<PlanDraft>,
) -> Result<HttpResponse, AppError> {
    let draft = body.0;
    let dues = {
        let dir = state.directory();
        plans::check(&draft, &dir)?
    };
    let plan = Plan::new(format!("wp-{}", uuid::Uuid::now_v7().simple()), draft, dues);
    let (who, now, stored) = (Who::from(&caller), state.now(), plan.clone());
    state
        .write(move |conn| plans::create(conn, &stored, (&who, now)))
        .await?;
    let dto = PlanDto::new(&plan, &state.directory(), state.today());
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/plans/{}", dto.id)))
        .json(dto))
}

/// Records progress on a milestone: a dated note and its status (admins, operators).
#[utoipa::path(tag = "plans", params(("id" = String, Path, description = "Plan id"), ("milestone_id" = String, Path, description = "Milestone id")), request_body = ProgressInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The plan after the change", body = PlanDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such plan or milestone", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/plans/{id}/milestones/{milestone_id}/progress")]
pub async fn record_progress(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: ValidJson<ProgressInput>,
) -> Result<HttpResponse, AppError> {
    let (input, (plan_id, milestone_id)) = (body.0, path.into_inner());
    if !within(&input.note, 1..=2000) {
        return Err(AppError::invalid(
            "note",
            Text::new("须为 1 到 2000 个字符", "must be 1 to 2,000 characters"),
        ));
    }
    let on = input.noted_on.unwrap_or_else(|| state.today());
    if on > state.today() {
        return Err(AppError::invalid(
            "noted_on",
            Text::new("不能是将来的日期", "must not be in the future"),
        ));
    }
    let (who, now) = (Who::from(&caller), state.now());
    let plan = state
        .write(move |conn| {
            plans::progress(
                conn,
                (&plan_id, &milestone_id),
                (input.status, &input.note, on),
                (&who, now),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(PlanDto::new(&plan, &state.directory(), state.today())))
}
