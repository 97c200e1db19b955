//! The visit rules year to date, for the programme office: targets without
//! an on-site visit this year, envoys' regions missing a quarter. JSON or CSV.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::PersonRef;
use crate::api::http::auth::HotlineDesk;
use crate::api::http::csv::{csv, wants_csv};
use crate::api::http::extract::ValidQuery;
use crate::db::programmes::region_sets;
use crate::directory::Directory;
use crate::domain::programmes::compliance::RegionGap;
use crate::domain::programmes::person::Person;
use crate::error::AppError;
use crate::i18n::Text;
use crate::programmes::compliance;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Which year, in which format.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ComplianceQuery {
    /// The calendar year from 2000 to this one (default this year), counted up to today.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// Only regions of this named region set (envoys).
    pub region_set: Option<String>,
    /// `json` (default) or `csv`; `Accept: text/csv` also gives CSV.
    #[param(inline)]
    pub format: Option<crate::api::http::csv::TableFormat>,
}

/// A target without an on-site visit so far this year.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetGapDto {
    /// The target.
    #[schema(example = "st-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub target_id: String,
    /// Its name.
    pub target_name: String,
    /// Its credit code.
    pub credit_code: String,
    /// Its region.
    pub region_code: String,
    /// The commissioners responsible.
    pub commissioners: Vec<PersonRef>,
    /// Remote visits it had this year (they do not count).
    pub remote_visits: u32,
    /// Days left in the year (0 once it is over).
    #[schema(example = 28)]
    pub days_left: i64,
}

/// Targets without an on-site visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommissionerCompliance {
    /// The year.
    pub year: i32,
    /// Counted up to this day.
    #[schema(value_type = String, format = Date, example = "2026-12-03")]
    pub as_of: NaiveDate,
    /// By target id.
    pub items: Vec<TargetGapDto>,
}

/// The running quarter without a visit yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuarterDue {
    /// `2026Q4`.
    #[schema(example = "2026Q4")]
    pub quarter: String,
    /// Days left in it.
    pub days_left: i64,
}

/// An envoy's region missing quarterly visits.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionGapDto {
    /// The envoy.
    pub envoy: PersonRef,
    /// The region served.
    #[schema(example = "330326")]
    pub region_code: String,
    /// Its name.
    pub region_name: String,
    /// Ended quarters without a visit, e.g. `2026Q2`.
    pub missing_quarters: Vec<String>,
    /// The running quarter, when it has no visit yet.
    pub current_quarter: Option<QuarterDue>,
}

/// Envoys' regions missing quarters.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnvoyCompliance {
    /// The year.
    pub year: i32,
    /// Counted up to this day.
    #[schema(value_type = String, format = Date, example = "2026-12-03")]
    pub as_of: NaiveDate,
    /// By region.
    pub items: Vec<RegionGapDto>,
}

fn year_of(state: &AppState, q: &ComplianceQuery) -> Result<(i32, NaiveDate), AppError> {
    let as_of = state.today();
    let year = q.year.unwrap_or(as_of.year());
    if !(2000..=as_of.year()).contains(&year) {
        return Err(AppError::bad_request(
            "year",
            Text::new("须为 2000 年至今年", "must be from 2000 to this year"),
        ));
    }
    Ok((year, as_of))
}

/// Commissioners' visits missing this year.
///
/// Targets without an on-site visit this year, with their commissioners and
/// the days left (admins, operators).
#[utoipa::path(tag = "programmes", params(ComplianceQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Targets without an on-site visit (CSV with `format=csv` or `Accept: text/csv`)", content((CommissionerCompliance = "application/json"), (String = "text/csv"))),
    (status = 400, description = "Bad year or format", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/commissioners/compliance")]
pub async fn commissioner_compliance(
    req: HttpRequest,
    _desk: HotlineDesk,
    state: web::Data<AppState>,
    q: ValidQuery<ComplianceQuery>,
) -> Result<HttpResponse, AppError> {
    let (year, as_of) = year_of(&state, &q.0)?;
    let found = state
        .db(move |conn| compliance::commissioners(conn, year, as_of))
        .await?;
    let items: Vec<TargetGapDto> = found
        .into_iter()
        .map(|(g, t, people)| TargetGapDto {
            target_id: t.id,
            target_name: t.name,
            credit_code: t.credit_code.to_string(),
            region_code: t.region_code,
            commissioners: people.iter().map(PersonRef::from).collect(),
            remote_visits: g.remote_visits,
            days_left: g.days_left,
        })
        .collect();
    if !wants_csv(&req, q.0.format) {
        return Ok(HttpResponse::Ok().json(CommissionerCompliance { year, as_of, items }));
    }
    let columns = [
        "target_id",
        "target_name",
        "credit_code",
        "region_code",
        "commissioners",
        "remote_visits",
        "days_left",
    ];
    let rows = (items.into_iter())
        .map(|i| {
            let names: Vec<String> = i.commissioners.iter().map(|p| p.name.clone()).collect();
            vec![
                i.target_id,
                i.target_name,
                i.credit_code,
                i.region_code,
                names.join("、"),
                i.remote_visits.to_string(),
                i.days_left.to_string(),
            ]
        })
        .collect();
    Ok(csv(
        &columns,
        rows,
        &format!("commissioner-compliance-{year}.csv"),
    ))
}

/// Envoys' visits missing by quarter.
///
/// Envoys and regions missing an ended quarter's visit, or without one yet
/// in the running quarter (admins, operators).
#[utoipa::path(tag = "programmes", params(ComplianceQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Regions missing quarters (CSV with `format=csv` or `Accept: text/csv`)", content((EnvoyCompliance = "application/json"), (String = "text/csv"))),
    (status = 400, description = "Bad year or format", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such region set", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/envoys/compliance")]
pub async fn envoy_compliance(
    req: HttpRequest,
    _desk: HotlineDesk,
    state: web::Data<AppState>,
    q: ValidQuery<ComplianceQuery>,
) -> Result<HttpResponse, AppError> {
    let (year, as_of) = year_of(&state, &q.0)?;
    let set = q.0.region_set.clone();
    let found = state
        .db(move |conn| {
            let within =
                match &set {
                    None => None,
                    Some(code) => Some(region_sets::members(conn, code)?.ok_or_else(|| {
                        AppError::not_found(crate::error::Resource::RegionSet, code)
                    })?),
                };
            compliance::envoys(conn, year, as_of, within.as_deref())
        })
        .await?;
    let items: Vec<RegionGapDto> = {
        let dir = state.directory();
        (found.into_iter())
            .map(|(gap, person)| region_gap(&dir, gap, &person))
            .collect()
    };
    Ok(match wants_csv(&req, q.0.format) {
        false => HttpResponse::Ok().json(EnvoyCompliance { year, as_of, items }),
        true => envoy_csv(year, items),
    })
}

/// An envoy's region with the quarters it misses, its name from the directory.
fn region_gap(dir: &Directory, g: RegionGap, p: &Person) -> RegionGapDto {
    RegionGapDto {
        envoy: PersonRef::from(p),
        region_name: (dir.regions.get(&g.region_code))
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        region_code: g.region_code,
        missing_quarters: g.missing.iter().map(ToString::to_string).collect(),
        current_quarter: g.current.map(|(q, days_left)| QuarterDue {
            quarter: q.to_string(),
            days_left,
        }),
    }
}

/// The envoys' gaps as a spreadsheet, one row per envoy and region.
fn envoy_csv(year: i32, items: Vec<RegionGapDto>) -> HttpResponse {
    let columns = [
        "envoy_id",
        "envoy_name",
        "region_code",
        "region_name",
        "missing_quarters",
        "current_quarter_without_visit",
        "days_left",
    ];
    let rows = (items.into_iter())
        .map(|i| {
            let (cq, left) = (i.current_quarter).map_or((String::new(), String::new()), |c| {
                (c.quarter, c.days_left.to_string())
            });
            vec![
                i.envoy.id,
                i.envoy.name,
                i.region_code,
                i.region_name,
                i.missing_quarters.join(" "),
                cq,
                left,
            ]
        })
        .collect();
    csv(&columns, rows, &format!("envoy-compliance-{year}.csv"))
}
