//! The official working-day calendar (工作日): weekends, the State Council's
//! holidays (法定节假日) and make-up working days (调休), and the periods counted on it.
//!
//! A day is a working day if it is a listed make-up working day, or Monday to
//! Friday and not a listed holiday. A date in a year with no published calendar
//! is an error, never a guess. Dates are in Asia/Shanghai (UTC+8, no DST).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a period's days are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 工作日: only working days count.
    Working,
    /// 自然日: every day counts; a period ending on a rest day ends on the next working day.
    Calendar,
}

/// A day the official calendar lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialDayKind {
    /// 法定节假日 or a day off around it.
    Holiday,
    /// 调休上班: a weekend day worked to make up for a holiday.
    Workday,
}

/// Asked about a year whose calendar has not been published (or loaded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no official holiday calendar is published for {0}")]
pub struct YearNotPublished(pub i32);

/// China Standard Time.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The calendar date of an instant in Asia/Shanghai.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&shanghai()).date_naive()
}

/// Published years and their listed days.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    published: BTreeSet<i32>,
    special: HashMap<NaiveDate, SpecialDayKind>,
}

impl WorkCalendar {
    /// A calendar of these published years and listed days.
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        days: impl IntoIterator<Item = (NaiveDate, SpecialDayKind)>,
    ) -> Self {
        Self {
            published: years.into_iter().collect(),
            special: days.into_iter().collect(),
        }
    }

    /// Replaces one year's listed days and marks it published.
    pub fn replace_year(
        &mut self,
        year: i32,
        days: impl IntoIterator<Item = (NaiveDate, SpecialDayKind)>,
    ) {
        self.special.retain(|d, _| d.year() != year);
        self.special.extend(days);
        self.published.insert(year);
    }

    fn check(&self, date: NaiveDate) -> Result<(), YearNotPublished> {
        self.published
            .contains(&date.year())
            .then_some(())
            .ok_or(YearNotPublished(date.year()))
    }

    /// The listed kind of a day, if the calendar lists it.
    pub fn special(&self, date: NaiveDate) -> Result<Option<SpecialDayKind>, YearNotPublished> {
        self.check(date)?;
        Ok(self.special.get(&date).copied())
    }

    /// Whether people work on this day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, YearNotPublished> {
        Ok(match self.special(date)? {
            Some(SpecialDayKind::Workday) => true,
            Some(SpecialDayKind::Holiday) => false,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// The `n`-th working day after `start` (the period starts the day after the event).
    pub fn add_working_days(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, YearNotPublished> {
        self.check(start)?;
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().ok_or(YearNotPublished(day.year() + 1))?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// `start` plus `n` calendar days; a last day that is not a working day
    /// moves to the next working day.
    pub fn add_calendar_days(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, YearNotPublished> {
        self.check(start)?;
        let mut day = start + chrono::Days::new(u64::from(n));
        while !self.is_working_day(day)? {
            day = day.succ_opt().ok_or(YearNotPublished(day.year() + 1))?;
        }
        Ok(day)
    }

    /// The due date of a period of `n` days of `kind` starting after `start`.
    pub fn due_date(
        &self,
        start: NaiveDate,
        n: u32,
        kind: DayKind,
    ) -> Result<NaiveDate, YearNotPublished> {
        match kind {
            DayKind::Working => self.add_working_days(start, n),
            DayKind::Calendar => self.add_calendar_days(start, n),
        }
    }

    /// Working days in `(from, to]`; zero when `to` is not after `from`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, YearNotPublished> {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or(YearNotPublished(day.year() + 1))?;
            count += u32::from(self.is_working_day(day)?);
        }
        Ok(count)
    }
}

/// 2026's Mid-autumn and National Day as published: 25–27 September and
/// 1–7 October off, 20 September and 10 October worked. For tests.
#[cfg(test)]
pub(crate) fn autumn_2026() -> WorkCalendar {
    let d = |s: &str| s.parse::<NaiveDate>().expect("valid date");
    let mut days: Vec<_> = (1..=7)
        .map(|n| (d(&format!("2026-10-0{n}")), SpecialDayKind::Holiday))
        .collect();
    days.extend(
        ["2026-09-25", "2026-09-26", "2026-09-27"].map(|s| (d(s), SpecialDayKind::Holiday)),
    );
    days.extend(["2026-09-20", "2026-10-10"].map(|s| (d(s), SpecialDayKind::Workday)));
    WorkCalendar::new([2026], days)
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
