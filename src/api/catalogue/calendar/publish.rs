//! Publishing a year's official arrangement.

use actix_web::{put, web, HttpResponse};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{parse_year, CalendarDay, CalendarYear, CalendarYearInput};
use crate::api::http::auth::Admin;
use crate::api::http::extract::ValidJson;
use crate::db::calendar::{DayRow, YearRow};
use crate::directory::store::store_calendar_year;
use crate::domain::audit::{Change, Who};
use crate::domain::length::within;
use crate::error::{AppError, Problem};
use crate::i18n::Text;
use crate::state::AppState;

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
    validate(year, &input)?;
    let (year_row, day_rows) = rows(year, &input, state.now().naive_utc());
    let change = Change::new("calendar.replace", "calendar", year.to_string())
        .before(special_days(&state.directory().catalogue.calendar, year))
        .after(&input.days);
    let who = Who::from(&admin);
    state
        .write(move |conn| store_calendar_year(conn, (&year_row, &day_rows), (&who, &change)))
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

/// Refuses days outside `year` or listed twice, a missing or long source, and
/// long day names, naming the field.
fn validate(year: i32, input: &CalendarYearInput) -> Result<(), AppError> {
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
    Ok(())
}

/// The year's row and its days' rows, stamped `now`.
fn rows(year: i32, input: &CalendarYearInput, now: NaiveDateTime) -> (YearRow, Vec<DayRow>) {
    let days = (input.days.iter())
        .map(|d| DayRow {
            day: d.date,
            kind: d.kind.as_str().into(),
            name_zh: d.name_zh.clone(),
            name_en: d.name_en.clone(),
        })
        .collect();
    let year = YearRow {
        year,
        source: input.source.clone(),
        updated_at: now,
    };
    (year, days)
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
