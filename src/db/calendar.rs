//! Calendar rows: published years and their listed days.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{calendar_days, calendar_years};
use super::DbConn;

/// A published year.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_years)]
pub struct YearRow {
    pub year: i32,
    pub source: String,
    pub updated_at: NaiveDateTime,
}

/// A listed day.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_days)]
pub struct DayRow {
    pub day: NaiveDate,
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
}

/// Every published year.
pub fn years(conn: &mut DbConn) -> QueryResult<Vec<YearRow>> {
    calendar_years::table
        .order(calendar_years::year.asc())
        .select(YearRow::as_select())
        .load(conn)
}

/// Every listed day, or those of one year.
pub fn days(conn: &mut DbConn, year: Option<i32>) -> QueryResult<Vec<DayRow>> {
    let mut query = calendar_days::table
        .order(calendar_days::day.asc())
        .select(DayRow::as_select())
        .into_boxed();
    if let Some(y) = year {
        let (first, last) = year_bounds(y);
        query = query.filter(calendar_days::day.between(first, last));
    }
    query.load(conn)
}

/// One published year.
pub fn year(conn: &mut DbConn, year: i32) -> QueryResult<Option<YearRow>> {
    calendar_years::table
        .find(year)
        .select(YearRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces a year's days and record (run inside a transaction).
pub fn replace_year(conn: &mut DbConn, row: &YearRow, days: &[DayRow]) -> QueryResult<()> {
    let (first, last) = year_bounds(row.year);
    diesel::delete(calendar_days::table.filter(calendar_days::day.between(first, last)))
        .execute(conn)?;
    diesel::delete(calendar_years::table.find(row.year)).execute(conn)?;
    diesel::insert_into(calendar_years::table)
        .values(row)
        .execute(conn)?;
    for day in days {
        diesel::insert_into(calendar_days::table)
            .values(day)
            .execute(conn)?;
    }
    Ok(())
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    (first, last)
}
