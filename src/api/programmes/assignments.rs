//! Assignments per service cycle: made and ended by the programme office;
//! listed for the office, or for a commissioner or envoy their own.

use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::AssignmentDto;
use crate::api::http::auth::{HotlineDesk, ProgrammeCaller};
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::db::programmes::assignments::{self as rows, AssignmentFilter};
use crate::domain::audit::Who;
use crate::domain::length::within;
use crate::domain::vocab::RegionLevel;
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::assignments::{self, NewAssignment};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// An assignment to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    /// An active person of the pool.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub person_id: String,
    /// The target, for a commissioner.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub target_id: Option<String>,
    /// The county-level region, for an envoy.
    #[schema(example = "330326", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// First day of the cycle (default today).
    #[schema(value_type = Option<String>, format = Date, example = "2026-01-01")]
    pub cycle_start: Option<NaiveDate>,
    /// Last day (default: the cycle's length, 2 years unless configured, less a day).
    #[schema(value_type = Option<String>, format = Date, example = "2027-12-31")]
    pub cycle_end: Option<NaiveDate>,
}

/// Ending an assignment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndInput {
    /// Its last day (default today).
    #[schema(value_type = Option<String>, format = Date, example = "2027-12-31")]
    pub ended_on: Option<NaiveDate>,
    /// Why: adjusted at the cycle's end, retired, …
    #[schema(example = "周期届满调整", max_length = 500)]
    pub reason: String,
}

/// Which assignments to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AssignmentsQuery {
    /// Of this person (commissioners and envoys: only themselves).
    pub person_id: Option<String>,
    /// To this target.
    pub target_id: Option<String>,
    /// To this region.
    pub region_code: Option<String>,
    /// Only those in force on this day.
    pub active_on: Option<NaiveDate>,
}

/// Assignments, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assignments {
    /// Ended ones included: they are the history.
    pub items: Vec<AssignmentDto>,
}

/// Lists assignments, ended ones included (the office: all; commissioners and envoys: their own).
#[utoipa::path(tag = "programmes", params(AssignmentsQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Assignments", body = Assignments),
    (status = 403, description = "Not a programme key, or another person's", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/assignments")]
pub async fn list_assignments(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    q: ValidQuery<AssignmentsQuery>,
) -> Result<HttpResponse, AppError> {
    let (actor, q) = (caller.actor()?, q.0);
    let person_id = match (actor.person_id(), q.person_id) {
        (Some(me), Some(p)) if p != me => {
            return Err(AppError::denied(
                "只能查看本人的服务关系",
                "commissioners and envoys see only their own assignments",
            ))
        }
        (Some(me), _) => Some(me.to_owned()),
        (None, p) => p,
    };
    let filter = AssignmentFilter {
        person_id,
        target_id: q.target_id,
        region_code: q.region_code,
        overlapping: q.active_on.map(|d| (d, d)),
        to_targets: None,
    };
    let found = state.db(move |conn| Ok(rows::list(conn, &filter)?)).await?;
    Ok(HttpResponse::Ok().json(Assignments {
        items: found.into_iter().map(Into::into).collect(),
    }))
}

/// Assigns a commissioner or an envoy.
///
/// A commissioner to a target, or an envoy to a county, for a cycle (admins,
/// operators); 409 when it clashes with one in force.
#[utoipa::path(tag = "programmes", request_body = AssignmentInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Assigned", body = AssignmentDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The person is not active, or an assignment in force clashes", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/assignments")]
pub async fn create_assignment(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<AssignmentInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    if let Some(code) = &input.region_code {
        let county = state.directory().regions.get(code).map(|r| r.level);
        if county != Some(RegionLevel::County) {
            return Err(AppError::invalid(
                "region_code",
                Text::new("须为县级行政区划", "must be a county-level region"),
            ));
        }
    }
    let new = NewAssignment {
        person_id: input.person_id,
        target_id: input.target_id,
        region_code: input.region_code,
        cycle_start: input.cycle_start.unwrap_or_else(|| state.today()),
        cycle_end: input.cycle_end,
    };
    let (who, now, years) = (
        Who::from(&caller),
        state.now(),
        state.programmes.cycle_years,
    );
    let made = state
        .write(move |conn| assignments::assign(conn, new, years, (&who, now)))
        .await?;
    Ok(HttpResponse::Created().json(AssignmentDto::from(made)))
}

/// Ends an assignment.
///
/// For admins and operators. The assignment is kept as history; a new
/// cycle's adjustment is an end here and a new assignment.
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Assignment id")), request_body = EndInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Ended", body = AssignmentDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such assignment", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Ended already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/assignments/{id}/end")]
pub async fn end_assignment(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<EndInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    if !within(&input.reason, 2..=500) {
        return Err(AppError::invalid(
            "reason",
            Text::new("须为 2 到 500 个字符", "must be 2 to 500 characters"),
        ));
    }
    let on = input.ended_on.unwrap_or_else(|| state.today());
    let (who, now) = (Who::from(&caller), state.now());
    let ended = state
        .write(move |conn| assignments::end(conn, &id, (on, &input.reason), (&who, now)))
        .await?;
    Ok(HttpResponse::Ok().json(AssignmentDto::from(ended)))
}
