//! The official working-day calendar and due dates.

use crate::domain::length::within;
use actix_web::{get, put, web, HttpResponse};
use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::Admin;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::db;
use crate::db::calendar::{DayRow, YearRow};
use crate::domain::audit::{Change, Who};
use crate::domain::calendar::{statutory, DayKind, SpecialDayKind, YearNotPublished};
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// A listed day of the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    /// The date.
    pub date: NaiveDate,
    /// Holiday, or make-up working day (调休上班).
    pub kind: SpecialDayKind,
    /// Chinese name of the festival, e.g. 国庆节: at most 50 characters.
    #[schema(max_length = 50)]
    pub name_zh: String,
    /// English name, at most 100 characters.
    #[schema(max_length = 100)]
    pub name_en: String,
}

/// One year of the official calendar.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarYear {
    /// The year.
    #[schema(example = 2026)]
    pub year: i32,
    /// The notice it comes from.
    pub source: String,
    /// Holidays and make-up working days; other days follow Monday–Friday.
    pub days: Vec<CalendarDay>,
    /// True for a year the State Council has not published yet: only the
    /// statutory holidays, computed from the law; make-up working days and
    /// bridging days off are unknown until the arrangement is published
    /// (`PUT /api/v1/calendar/{year}`).
    pub provisional: bool,
}

/// A year's calendar as published by the State Council.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarYearInput {
    /// The notice, e.g. 「国务院办公厅关于2027年部分节假日安排的通知」: 1 to
    /// 500 characters.
    #[schema(max_length = 500)]
    pub source: String,
    /// Every holiday and make-up working day of the year.
    pub days: Vec<CalendarDay>,
}

/// A due-date question.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DueDateQuery {
    /// The day of the triggering event (the period starts the next day), `YYYY-MM-DD`.
    #[param(example = "2026-09-29")]
    pub start: NaiveDate,
    /// Length of the period, 0 to 3650.
    #[param(minimum = 0, maximum = 3650)]
    pub days: u32,
    /// `working` (工作日, default) or `calendar` (自然日).
    pub day_kind: Option<DayKind>,
    /// Accept an answer counted on a provisional calendar when the period
    /// runs into a year not published yet (default `false`: such a question
    /// is refused with 422).
    pub provisional: Option<bool>,
}

/// The answer to a due-date question.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueDate {
    /// The day of the triggering event.
    #[schema(example = "2026-09-29")]
    pub start: NaiveDate,
    /// Length of the period.
    pub days: u32,
    /// How days were counted.
    pub day_kind: DayKind,
    /// The last day of the period.
    pub due: NaiveDate,
    /// True when a year not published yet was counted on its provisional
    /// calendar (statutory holidays only, make-up working days unknown).
    pub provisional: bool,
}

/// A 422 naming the unpublished year.
pub fn unpublished(field: &str, e: YearNotPublished) -> AppError {
    let year = e.0;
    AppError::invalid(
        field,
        Text::new(
            format!("{year} 年的法定节假日安排尚未发布，无法计算"),
            format!("no official holiday calendar is published for {year}"),
        ),
    )
}

/// A 422 for a period that runs into a year not published yet, saying how to
/// get an estimate.
pub fn provisional_refused(field: &str, year: i32) -> AppError {
    AppError::invalid(
        field,
        Text::new(
            format!(
                "期限跨入 {year} 年，该年法定节假日安排尚未发布；如接受按法定节日推算的临时结果，请加 `provisional=true`"
            ),
            format!(
                "the period runs into {year}, whose holiday arrangement is not published yet; \
add provisional=true to accept an estimate counted on the statutory holidays"
            ),
        ),
    )
}

fn parse_year(text: &str) -> Result<i32, AppError> {
    text.parse::<i32>()
        .ok()
        .filter(|y| (1949..=2200).contains(y))
        .ok_or_else(|| {
            AppError::bad_request(
                "year",
                Text::new("须为四位年份", "must be a four-digit year"),
            )
        })
}

/// One year's holidays and make-up working days; for a year not published
/// yet, its statutory holidays marked `provisional`.
#[utoipa::path(tag = "calendar", params(("year" = i32, Path, minimum = 1949, maximum = 2200, description = "Year, 1949 to 2200")), responses(
    (status = 200, description = "The year", body = CalendarYear),
    (status = 404, description = "Neither published nor computable (before 2025)", body = Problem, content_type = "application/problem+json")))]
#[get("/calendar/{year}")]
pub async fn get_year(
    _query: ValidQuery<NoQuery>,
    state: web::Data<AppState>,
    year: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let year = parse_year(&year)?;
    let (row, days) = state
        .db(move |conn| {
            Ok((
                db::calendar::year(conn, year)?,
                db::calendar::days(conn, Some(year))?,
            ))
        })
        .await?;
    let Some(row) = row else {
        return provisional_year(year);
    };
    let days = days
        .into_iter()
        .map(|d| {
            Ok(CalendarDay {
                date: d.day,
                kind: SpecialDayKind::from_str_kind(&d.kind)?,
                name_zh: d.name_zh,
                name_en: d.name_en,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(HttpResponse::Ok().json(CalendarYear {
        year,
        source: row.source,
        days,
        provisional: false,
    }))
}

/// An unpublished year's statutory holidays, or 404 outside the years the
/// law of 2024 governs.
fn provisional_year(year: i32) -> Result<HttpResponse, AppError> {
    let holidays = statutory::holidays(year)
        .ok_or_else(|| AppError::not_found(Resource::CalendarYear, year))?;
    let days = holidays
        .iter()
        .map(|(date, festival)| {
            let (zh, en) = festival.names();
            CalendarDay {
                date: *date,
                kind: SpecialDayKind::Holiday,
                name_zh: zh.into(),
                name_en: en.into(),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(CalendarYear {
        year,
        source: PROVISIONAL_SOURCE.into(),
        days,
        provisional: true,
    }))
}

/// Where a provisional year's days come from.
const PROVISIONAL_SOURCE: &str =
    "临时推算：《全国年节及纪念日放假办法》（2024年修订）规定的法定节日，\
调休与连休安排以国务院办公厅当年通知为准 / Provisional: the statutory holidays of the \
2024 holiday regulations; make-up working days follow the State Council's notice";

/// Publishes or corrects a year (admin): replaces all its listed days.
#[utoipa::path(tag = "calendar", params(("year" = i32, Path, minimum = 1949, maximum = 2200, description = "Year, 1949 to 2200")), request_body = CalendarYearInput, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Stored", body = CalendarYear),
    (status = 422, description = "A day outside the year, twice, or a bad field", body = Problem, content_type = "application/problem+json")))]
#[put("/calendar/{year}")]
pub async fn put_year(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    year: web::Path<String>,
    body: ValidJson<CalendarYearInput>,
) -> Result<HttpResponse, AppError> {
    let year = parse_year(&year)?;
    let input = body.0;
    let mut dates: Vec<NaiveDate> = input.days.iter().map(|d| d.date).collect();
    dates.sort();
    if input.days.iter().any(|d| d.date.year() != year) || dates.windows(2).any(|w| w[0] == w[1]) {
        return Err(AppError::invalid(
            "days",
            Text::new(
                format!("日期须都在 {year} 年内且不重复"),
                format!("every date must be in {year}, each once"),
            ),
        ));
    }
    if !within(&input.source, 1..=500) {
        return Err(AppError::invalid(
            "source",
            Text::new(
                "须注明发布文件（最多 500 个字符）",
                "must name the notice, in at most 500 characters",
            ),
        ));
    }
    let long_name =
        |d: &CalendarDay| d.name_zh.chars().count() > 50 || d.name_en.chars().count() > 100;
    if input.days.iter().any(long_name) {
        return Err(AppError::invalid(
            "days",
            Text::new(
                "节日名称中文最多 50 个字符，英文最多 100 个字符",
                "a day's name_zh is at most 50 characters, its name_en at most 100",
            ),
        ));
    }
    let rows: Vec<DayRow> = input
        .days
        .iter()
        .map(|d| DayRow {
            day: d.date,
            kind: d.kind.as_str().into(),
            name_zh: d.name_zh.clone(),
            name_en: d.name_en.clone(),
        })
        .collect();
    let year_row = YearRow {
        year,
        source: input.source.clone(),
        updated_at: Utc::now().naive_utc(),
    };
    let change = Change::new("calendar.replace", "calendar", year.to_string())
        .before(special_days(&state.directory().catalogue.calendar, year))
        .after(&input.days);
    let who = Who::from(&admin);
    state
        .write(move |conn| {
            let what = format!("calendar/{}", year_row.year);
            db::changes::write_logged(conn, (db::changes::entity::CATALOGUE, &what), |conn| {
                db::calendar::replace_year(conn, &year_row, &rows)?;
                Ok(db::audit::record(conn, &who, &change, year_row.updated_at)?)
            })
        })
        .await?;
    state
        .directory_mut()
        .catalogue
        .calendar
        .replace_year(year, input.days.iter().map(|d| (d.date, d.kind)));
    // Stored deadlines follow the new calendar before the answer.
    crate::jobs::escalation::refresh_all(&state).await?;
    Ok(HttpResponse::Ok().json(CalendarYear {
        year,
        source: input.source,
        days: input.days,
        provisional: false,
    }))
}

/// A published year's listed days as `date: kind`, for the audit trail.
fn special_days(calendar: &crate::domain::calendar::WorkCalendar, year: i32) -> serde_json::Value {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return serde_json::Value::Null;
    };
    let days: serde_json::Map<String, serde_json::Value> = (first.iter_days())
        .take_while(|d| d.year() == year)
        .filter_map(|d| Some((d.to_string(), calendar.special(d).ok()??.as_str().into())))
        .collect();
    serde_json::Value::Object(days)
}

/// The last day of a period counted in working or calendar days.
#[utoipa::path(tag = "calendar", params(DueDateQuery), responses(
    (status = 200, description = "The due date", body = DueDate),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A year on the way is not published (and `provisional=true` was not given), or has no calendar at all", body = Problem, content_type = "application/problem+json")))]
#[get("/calendar/due-date")]
pub async fn due_date(
    state: web::Data<AppState>,
    query: ValidQuery<DueDateQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    if q.days > 3650 {
        return Err(AppError::bad_request(
            "days",
            Text::new("须为 0 到 3650", "must be from 0 to 3650"),
        ));
    }
    let day_kind = q.day_kind.unwrap_or(DayKind::Working);
    let calendar = &state.directory().catalogue.calendar;
    let due = calendar
        .due_date(q.start, q.days, day_kind)
        .map_err(|e| unpublished("start", e))?;
    if due.provisional && !q.provisional.unwrap_or(false) {
        let year = calendar.first_unpublished(q.start, due.value);
        return Err(provisional_refused(
            "start",
            year.unwrap_or(due.value.year()),
        ));
    }
    Ok(HttpResponse::Ok().json(DueDate {
        start: q.start,
        days: q.days,
        day_kind,
        due: due.value,
        provisional: due.provisional,
    }))
}
