//! The official working-day calendar and due dates.

pub mod due_date;
pub mod publish;
pub mod read;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::calendar::{DayKind, SpecialDayKind, YearNotPublished};
use crate::error::AppError;
use crate::i18n::Text;

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
