//! Service matters (服务事项) and their guides, due dates and channels.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::catalogue::calendar::{provisional_refused, unpublished};
use crate::api::http::dto::Page;
use crate::api::http::etag::etag;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{self, NoQuery};
use crate::directory::catalogue::MatterRecord;
use crate::domain::calendar::{DayKind, WorkCalendar, YearNotPublished};
use crate::domain::matter::{MatterGuide, TimeLimit};
use crate::domain::vocab::{Confidence, MatterCategory};
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// A service matter with its published guide.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatterDto {
    /// Stable code, e.g. `patent_pledge_registration`.
    pub code: String,
    /// The guide.
    #[serde(flatten)]
    pub guide: MatterGuide,
    /// When it last changed.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub updated_at: DateTime<Utc>,
    /// Incremented on every change.
    pub version: i64,
}

impl From<&MatterRecord> for MatterDto {
    fn from(m: &MatterRecord) -> Self {
        Self {
            code: m.code.clone(),
            guide: m.guide.clone(),
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// Filters of the matter list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatterListQuery {
    /// Words to search for in the name, description, steps and materials
    /// (the search engine of `GET /search`: Chinese words, pinyin initials,
    /// English); the matters found come best first.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: Option<String>,
    /// Only this category.
    pub category: Option<MatterCategory>,
}

/// When a period runs out.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitDue {
    /// Length of the period.
    pub days: u32,
    /// Working or calendar days.
    pub day_kind: DayKind,
    /// Where the limit comes from.
    pub source: String,
    /// How sure the source is.
    pub confidence: Confidence,
    /// The last day of the period.
    pub due: NaiveDate,
    /// True when a year not published yet was counted on its provisional calendar.
    pub provisional: bool,
}

/// Due dates of a matter's limits for one start date.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatterDueDates {
    /// The matter.
    pub code: String,
    /// The day the application was received.
    #[schema(example = "2026-09-29")]
    pub start: NaiveDate,
    /// Statutory limit (法定时限), if the matter has one.
    pub legal: Option<LimitDue>,
    /// Promised limit (承诺时限), if the matter has one.
    pub promised: Option<LimitDue>,
}

/// The start date of a matter's period.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// The day the application was received, `YYYY-MM-DD`.
    #[param(example = "2026-09-29")]
    pub start: NaiveDate,
    /// Accept due dates counted on a provisional calendar when a period runs
    /// into a year not published yet (default `false`: 422).
    pub provisional: Option<bool>,
}

/// The published service matters.
#[utoipa::path(tag = "matters", params(MatterListQuery), responses(
    (status = 200, description = "All matching matters", body = Page<MatterDto>),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/matters")]
pub async fn list_matters(
    state: web::Data<AppState>,
    query: ValidQuery<MatterListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let dir = state.directory();
    let matters = &dir.catalogue.matters;
    let found: Vec<&MatterRecord> = match q.q.as_deref().map(params::search_text).transpose()? {
        None => matters.values().collect(),
        Some(text) => (dir.catalogue.knowledge.search_matters(text, matters.len()))
            .into_iter()
            .filter_map(|code| matters.get(code))
            .collect(),
    };
    let items = (found.into_iter())
        .filter(|m| q.category.is_none_or(|c| c == m.guide.category))
        .map(MatterDto::from)
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// One matter's guide.
#[utoipa::path(tag = "matters", params(("code" = String, Path, description = "Matter code")), responses(
    (status = 200, description = "The matter", body = MatterDto),
    (status = 404, description = "No such matter", body = Problem, content_type = "application/problem+json")))]
#[get("/matters/{code}")]
pub async fn get_matter(
    _query: ValidQuery<NoQuery>,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let matter = dir
        .catalogue
        .matters
        .get(code.as_str())
        .ok_or_else(|| AppError::not_found(Resource::Matter, &code))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(matter.version)))
        .json(MatterDto::from(matter)))
}

fn limit_due(
    limit: &Option<TimeLimit>,
    start: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<Option<LimitDue>, YearNotPublished> {
    limit
        .as_ref()
        .map(|l| {
            let due = calendar.due_date(start, l.days, l.day_kind)?;
            Ok(LimitDue {
                days: l.days,
                day_kind: l.day_kind,
                source: l.source.clone(),
                confidence: l.confidence,
                due: due.value,
                provisional: due.provisional,
            })
        })
        .transpose()
}

/// Due dates of a matter's legal and promised limits for an application received on `start`.
#[utoipa::path(tag = "matters", params(("code" = String, Path, description = "Matter code"), StartQuery), responses(
    (status = 200, description = "The due dates", body = MatterDueDates),
    (status = 404, description = "No such matter", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A year on the way has no published calendar", body = Problem, content_type = "application/problem+json")))]
#[get("/matters/{code}/due-date")]
pub async fn matter_due_date(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<StartQuery>,
) -> Result<HttpResponse, AppError> {
    let (start, accept_provisional) = (query.0.start, query.0.provisional.unwrap_or(false));
    let dir = state.directory();
    let matter = dir
        .catalogue
        .matters
        .get(code.as_str())
        .ok_or_else(|| AppError::not_found(Resource::Matter, &code))?;
    let calendar = &dir.catalogue.calendar;
    let legal = limit_due(&matter.guide.legal_limit, start, calendar)
        .map_err(|e| unpublished("start", e))?;
    let promised = limit_due(&matter.guide.promised_limit, start, calendar)
        .map_err(|e| unpublished("start", e))?;
    let provisional_until = [&legal, &promised]
        .into_iter()
        .flatten()
        .filter(|l| l.provisional)
        .map(|l| l.due)
        .max();
    if let (Some(until), false) = (provisional_until, accept_provisional) {
        let year = calendar.first_unpublished(start, until);
        return Err(provisional_refused(
            "start",
            year.unwrap_or(chrono::Datelike::year(&until)),
        ));
    }
    Ok(HttpResponse::Ok().json(MatterDueDates {
        code: matter.code.clone(),
        start,
        legal,
        promised,
    }))
}

/// The matters an outlet offers.
#[utoipa::path(tag = "matters", params(("id" = String, Path, description = "Outlet id")), responses(
    (status = 200, description = "The matters", body = Page<MatterDto>),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}/matters")]
pub async fn outlet_matters(
    _query: ValidQuery<NoQuery>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let outlet = dir
        .outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    let items = (dir.catalogue.matters_of((&id, outlet.kind())))
        .map(MatterDto::from)
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
