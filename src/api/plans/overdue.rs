//! `GET /plans/{id}/overdue`: milestones past due and not done, with the units responsible.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::UnitDto;
use crate::api::http::auth::HotlineDesk;
use crate::api::http::extract::ValidQuery;
use crate::domain::plans::MilestoneStatus;
use crate::error::AppError;
use crate::programmes::plans;
use crate::state::AppState;

/// As of which day.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OverdueQuery {
    /// Default today.
    pub as_of: Option<NaiveDate>,
}

/// An overdue milestone.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueMilestone {
    /// The task.
    pub task_id: String,
    /// Its measure.
    pub measure: String,
    /// The milestone.
    pub milestone_id: String,
    /// What was to be reached.
    pub description: String,
    /// As given.
    #[schema(example = "2026Q3")]
    pub due: String,
    /// Its last day.
    #[schema(value_type = String, format = Date, example = "2026-09-30")]
    pub due_on: NaiveDate,
    /// Days past it.
    pub days_overdue: i64,
    /// Where it stands.
    pub status: MilestoneStatus,
    /// The lead unit.
    pub lead_unit: UnitDto,
    /// Supporting units.
    pub supporting_units: Vec<UnitDto>,
}

/// Overdue milestones.
#[derive(Debug, Serialize, ToSchema)]
pub struct Overdue {
    /// The plan.
    pub plan_id: String,
    /// The day counted on.
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    /// By task, then milestone order.
    pub items: Vec<OverdueMilestone>,
}

/// Milestones past due and not done, with the responsible units (admins, operators).
#[utoipa::path(tag = "plans", params(("id" = String, Path, description = "Plan id"), OverdueQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Overdue milestones", body = Overdue),
    (status = 403, description = "Not an admin or operator key", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such plan", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/plans/{id}/overdue")]
pub async fn overdue_milestones(
    _desk: HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<OverdueQuery>,
) -> Result<HttpResponse, AppError> {
    let as_of = q.0.as_of.unwrap_or_else(|| state.today());
    let plan = state.db(move |conn| plans::find(conn, &id)).await?;
    let dir = state.directory();
    let items = (plan.overdue(as_of).into_iter())
        .map(|(t, m)| OverdueMilestone {
            task_id: t.id.clone(),
            measure: t.measure.clone(),
            milestone_id: m.id.clone(),
            description: m.description.clone(),
            due: m.due.to_string(),
            due_on: m.due.last_day(),
            days_overdue: (as_of - m.due.last_day()).num_days(),
            status: m.status,
            lead_unit: UnitDto::new(&t.lead_unit, &dir),
            supporting_units: t
                .supporting_units
                .iter()
                .map(|u| UnitDto::new(u, &dir))
                .collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(Overdue {
        plan_id: plan.id,
        as_of,
        items,
    }))
}
