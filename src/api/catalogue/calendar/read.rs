//! A year of the calendar: as published, or provisional.

use actix_web::{get, web, HttpResponse};

use super::{parse_year, CalendarDay, CalendarYear};
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::domain::calendar::{statutory, SpecialDayKind};
use crate::error::{AppError, Problem, Resource};
use crate::state::AppState;

/// One year of the calendar.
///
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
