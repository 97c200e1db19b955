//! Reading plans: they are published documents, so reads are public.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::PlanDto;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::domain::plans::PLAN_YEARS;
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::plans;
use crate::state::AppState;

/// Which plans.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlansQuery {
    /// Only plans of this year (2000 to 2100).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// A plan in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummary {
    /// Id.
    #[schema(example = "wp-zj-2014-patent")]
    pub id: String,
    /// The year.
    pub year: i32,
    /// The title.
    pub title: String,
    /// Who issued it.
    pub issuing_body: String,
    /// Demonstration data.
    pub demonstration: bool,
}

/// Plans.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plans {
    /// Newest year first.
    pub items: Vec<PlanSummary>,
}

/// Lists work plans (public).
#[utoipa::path(tag = "plans", params(PlansQuery), responses((status = 200, description = "Plans", body = Plans)))]
#[get("/plans")]
pub async fn list_plans(
    state: web::Data<AppState>,
    q: ValidQuery<PlansQuery>,
) -> Result<HttpResponse, AppError> {
    let year = q.0.year;
    if year.is_some_and(|y| !PLAN_YEARS.contains(&y)) {
        return Err(AppError::bad_request(
            "year",
            Text::new("须为 2000 到 2100", "must be from 2000 to 2100"),
        ));
    }
    let rows = state
        .db(move |conn| Ok(db::plans::list(conn, year)?))
        .await?;
    let items = (rows.into_iter())
        .map(|p| PlanSummary {
            id: p.id,
            year: p.year,
            title: p.title,
            issuing_body: p.issuing_body,
            demonstration: p.demonstration,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Plans { items }))
}

/// One plan with its tasks, milestones and progress (public).
#[utoipa::path(tag = "plans", params(("id" = String, Path, description = "Plan id")), responses(
    (status = 200, description = "The plan", body = PlanDto),
    (status = 404, description = "No such plan", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/plans/{id}")]
pub async fn get_plan(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let plan = state.db(move |conn| plans::find(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(PlanDto::new(&plan, &state.directory(), state.today())))
}
