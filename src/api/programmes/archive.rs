//! The service archive of a person, and evaluations fed back to the employing unit.

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::{AssignmentDto, PersonRef};
use crate::api::http::auth::{HotlineDesk, ProgrammeCaller};
use crate::api::http::csv::{csv, wants_csv};
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::db::programmes::evaluations::EvaluationRow;
use crate::domain::audit::Who;
use crate::domain::length::within;
use crate::domain::programmes::vocab::{Grade, VisitMode, VisitTask};
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::archive::{self, NewEvaluation};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// A period (default: this year up to today).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
}

/// An evaluation (考核).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    /// First day evaluated.
    #[schema(value_type = String, format = Date, example = "2025-01-01")]
    pub period_start: NaiveDate,
    /// Last day evaluated.
    #[schema(value_type = String, format = Date, example = "2026-12-31")]
    pub period_end: NaiveDate,
    /// The grade.
    pub grade: Grade,
    /// Comments fed back to the employing unit.
    #[schema(
        example = "走访覆盖全部服务对象，后续事项按时办结。",
        max_length = 5000
    )]
    pub comments: String,
    /// Who evaluated (a unit or a person).
    #[schema(example = "省知识产权局", max_length = 100)]
    pub evaluator: String,
    /// When (default today).
    #[schema(value_type = Option<String>, format = Date)]
    pub evaluated_on: Option<NaiveDate>,
}

/// A recorded evaluation.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationDto {
    /// Id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The evaluation.
    #[serde(flatten)]
    pub input: EvaluationInput,
}

impl TryFrom<EvaluationRow> for EvaluationDto {
    type Error = AppError;

    fn try_from(r: EvaluationRow) -> Result<Self, AppError> {
        let grade = (r.grade.parse()).map_err(|_| {
            AppError::Internal(anyhow::anyhow!("evaluation {}: grade {}", r.id, r.grade))
        })?;
        Ok(Self {
            id: r.id,
            person_id: r.person_id,
            input: EvaluationInput {
                period_start: r.period_start,
                period_end: r.period_end,
                grade,
                comments: r.comments,
                evaluator: r.evaluator,
                evaluated_on: Some(r.evaluated_on),
            },
        })
    }
}

/// Follow-ups due in the period, by how they were kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpsDto {
    /// Due in the period.
    pub due: u32,
    /// Done by their due date.
    pub closed_on_time: u32,
    /// Done late.
    pub closed_late: u32,
    /// Not done, past due.
    pub open_overdue: u32,
    /// Not done, not yet due.
    pub open: u32,
}

/// A person's service archive (服务档案) for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArchiveDto {
    /// The person.
    pub person: PersonRef,
    /// First day.
    #[schema(value_type = String, format = Date, example = "2026-01-01")]
    pub from: NaiveDate,
    /// Last day.
    #[schema(value_type = String, format = Date, example = "2026-12-03")]
    pub to: NaiveDate,
    /// Visits in the period.
    #[schema(example = 12)]
    pub visits: u32,
    /// Visits per mode.
    pub visits_by_mode: BTreeMap<VisitMode, u32>,
    /// Visits covering each task.
    pub visits_by_task: BTreeMap<VisitTask, u32>,
    /// Minutes spent.
    pub minutes: u64,
    /// Targets visited.
    pub targets_served: Vec<String>,
    /// Regions visited.
    pub regions_served: Vec<String>,
    /// Follow-ups due in the period.
    pub follow_ups: FollowUpsDto,
    /// Hotline enquiries handed to the person.
    pub enquiries_handled: u32,
    /// Assignments in force in the period.
    pub assignments: Vec<AssignmentDto>,
    /// Evaluations made in the period.
    pub evaluations: Vec<EvaluationDto>,
    /// When the next evaluation is due (every 2 years for commissioners, every year for envoys).
    #[schema(value_type = Option<String>, format = Date)]
    pub next_evaluation_due: Option<NaiveDate>,
}

fn period(state: &AppState, q: &PeriodQuery) -> Result<(NaiveDate, NaiveDate), AppError> {
    let now = state.today();
    let from = q
        .from
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(now.year(), 1, 1).unwrap_or(now));
    let to = q.to.unwrap_or(now);
    if to < from || (to - from).num_days() > 3660 {
        return Err(AppError::bad_request(
            "to",
            Text::new(
                "不能早于起始日，且跨度不超过十年",
                "must not be before from, at most ten years later",
            ),
        ));
    }
    Ok((from, to))
}

/// A person's service archive.
///
/// Admins and operators read anyone's; a commissioner or envoy reads their
/// own (403 for another's).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Person id"), PeriodQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The archive", body = ArchiveDto),
    (status = 403, description = "Another person's archive", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/people/{id}/archive")]
pub async fn person_archive(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let (actor, (from, to), now) = (caller.actor()?, period(&state, &q.0)?, state.today());
    let v = state
        .db(move |conn| archive::archive(conn, &actor, &id, (from, to), now))
        .await?;
    let f = v.archive.follow_ups;
    Ok(HttpResponse::Ok().json(ArchiveDto {
        person: PersonRef::from(&v.person),
        from,
        to,
        visits: v.archive.visits,
        visits_by_mode: v.archive.by_mode,
        visits_by_task: v.archive.by_task,
        minutes: v.archive.minutes,
        targets_served: v.archive.targets_served.into_iter().collect(),
        regions_served: v.archive.regions_served.into_iter().collect(),
        follow_ups: FollowUpsDto {
            due: f.due,
            closed_on_time: f.closed_on_time,
            closed_late: f.closed_late,
            open_overdue: f.open_overdue,
            open: f.open,
        },
        enquiries_handled: v.enquiries_handled,
        assignments: v.assignments.into_iter().map(Into::into).collect(),
        evaluations: (v.evaluations.into_iter())
            .map(EvaluationDto::try_from)
            .collect::<Result<_, _>>()?,
        next_evaluation_due: v.next_evaluation_due,
    }))
}

/// Records an evaluation of a person (admins, operators).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Person id")), request_body = EvaluationInput, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Recorded", body = EvaluationDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/people/{id}/evaluations")]
pub async fn evaluate_person(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<EvaluationInput>,
) -> Result<HttpResponse, AppError> {
    let e = body.0;
    if e.period_end < e.period_start {
        return Err(AppError::invalid(
            "period_end",
            Text::new("不能早于评价期起始日", "must not be before period_start"),
        ));
    }
    if e.comments.chars().count() > 5000 || !within(&e.evaluator, 2..=100) {
        return Err(AppError::invalid(
            "evaluator",
            Text::new(
                "评价人须为 2 到 100 个字符，评语最多 5000 字",
                "evaluator must be 2 to 100 characters, comments at most 5,000",
            ),
        ));
    }
    let new = NewEvaluation {
        period: (e.period_start, e.period_end),
        grade: e.grade,
        comments: e.comments,
        evaluator: e.evaluator,
        evaluated_on: e.evaluated_on.unwrap_or_else(|| state.today()),
    };
    let (who, now) = (Who::from(&caller), state.now());
    let row = state
        .write(move |conn| archive::evaluate(conn, &id, new, (&who, now)))
        .await?;
    Ok(HttpResponse::Created().json(EvaluationDto::try_from(row)?))
}

/// Which evaluations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EvaluationsQuery {
    /// Only people of this employing unit (the feedback to that unit).
    pub employer: Option<String>,
    /// Made on or after (default 1 January this year).
    pub from: Option<NaiveDate>,
    /// Made on or before (default today).
    pub to: Option<NaiveDate>,
    /// `json` (default) or `csv`; `Accept: text/csv` also gives CSV.
    #[param(inline)]
    pub format: Option<crate::api::http::csv::TableFormat>,
}

/// An evaluation with its person.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluatedDto {
    /// The person.
    pub person: PersonRef,
    /// The evaluation.
    pub evaluation: EvaluationDto,
}

/// Evaluations.
#[derive(Debug, Serialize, ToSchema)]
pub struct Evaluations {
    /// By day.
    pub items: Vec<EvaluatedDto>,
}

/// Evaluations made in a period, per employing unit as CSV for feedback (admins, operators).
#[utoipa::path(tag = "programmes", params(EvaluationsQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Evaluations (CSV with `format=csv` or `Accept: text/csv`)", content((Evaluations = "application/json"), (String = "text/csv"))),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/evaluations")]
pub async fn list_evaluations(
    req: HttpRequest,
    _desk: HotlineDesk,
    state: web::Data<AppState>,
    q: ValidQuery<EvaluationsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.0;
    let span = period(
        &state,
        &PeriodQuery {
            from: q.from,
            to: q.to,
        },
    )?;
    let employer = q.employer.clone();
    let found = state
        .db(move |conn| archive::evaluations_of(conn, employer.as_deref(), span))
        .await?;
    let items: Vec<EvaluatedDto> = (found.into_iter())
        .map(|(r, p)| {
            Ok(EvaluatedDto {
                person: PersonRef::from(&p),
                evaluation: r.try_into()?,
            })
        })
        .collect::<Result<_, AppError>>()?;
    if !wants_csv(&req, q.format) {
        return Ok(HttpResponse::Ok().json(Evaluations { items }));
    }
    let columns = [
        "employer",
        "person_id",
        "name",
        "period_start",
        "period_end",
        "grade",
        "grade_label",
        "comments",
        "evaluator",
        "evaluated_on",
    ];
    let rows = (items.into_iter())
        .map(|i| {
            let e = i.evaluation.input;
            vec![
                i.person.employer,
                i.person.id,
                i.person.name,
                e.period_start.to_string(),
                e.period_end.to_string(),
                e.grade.as_str().into(),
                e.grade.labels().0.into(),
                e.comments,
                e.evaluator,
                e.evaluated_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(csv(&columns, rows, "evaluations.csv"))
}
