//! The official working-day calendar (工作日): weekends, the State Council's
//! holidays (法定节假日) and make-up working days (调休), and the periods counted on it.
//!
//! A day is a working day if it is a listed make-up working day, or Monday to
//! Friday and not a listed holiday. Dates are in Asia/Shanghai (UTC+8, no DST).
//!
//! A year the State Council has not published yet has a provisional calendar
//! from 2025 on: the statutory holidays the law fixes ([`statutory`]) and
//! weekends, without make-up days. Periods counted through such a year say so
//! (`provisional`); asking whether a single day of it is a working day, as
//! opening hours do, is still an error.

mod day_table;
pub mod instant;
pub mod statutory;

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

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next(day: NaiveDate) -> Result<NaiveDate, YearNotPublished> {
    day.succ_opt().ok_or(YearNotPublished(day.year() + 1))
}

/// China Standard Time.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The instant a date begins in Asia/Shanghai (its local midnight).
pub fn day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(shanghai())
        .single()
        .expect("a fixed offset")
        .with_timezone(&Utc)
}

/// The calendar date of an instant in Asia/Shanghai.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&shanghai()).date_naive()
}

/// Something worked out on the calendar, and whether a provisional
/// (computed, not yet published) year went into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoned<T> {
    /// The date or count.
    pub value: T,
    /// True when a day of a year not yet published was counted.
    pub provisional: bool,
}

/// Whether people work on a day, and where that comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayStatus {
    /// A working day.
    pub working: bool,
    /// From the provisional calendar of a year not yet published.
    pub provisional: bool,
}

/// Published years and their listed days.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    published: BTreeSet<i32>,
    special: HashMap<NaiveDate, SpecialDayKind>,
    /// Identifies the contents (see [`WorkCalendar::stamp`]).
    stamp: u64,
    /// [`WorkCalendar::day_status`] of every day, worked out in advance.
    table: day_table::DayTable,
}

impl WorkCalendar {
    /// A calendar of these published years and listed days.
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        days: impl IntoIterator<Item = (NaiveDate, SpecialDayKind)>,
    ) -> Self {
        let mut calendar = Self {
            published: years.into_iter().collect(),
            special: days.into_iter().collect(),
            stamp: 0,
            table: Default::default(),
        };
        calendar.changed();
        calendar
    }

    /// Stamps the contents again and works out every day's status.
    fn changed(&mut self) {
        self.stamp = self.fingerprint();
        let first = (self.published.first().copied())
            .map_or(statutory::FIRST_YEAR, |y| y.min(statutory::FIRST_YEAR));
        let last = (self.published.last().copied())
            .map_or(statutory::LAST_YEAR, |y| y.max(statutory::LAST_YEAR));
        self.table = day_table::DayTable::build(first..=last, |d| self.reckon_day_status(d));
    }

    /// A number that changes whenever a year is published or corrected:
    /// what was computed with another stamp must be computed again.
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let hash = |value: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            value(&mut h);
            h.finish()
        };
        // Order-independent over the days, so no sorting is needed.
        let days = self
            .special
            .iter()
            .map(|(d, k)| hash(&|h| (d, *k as u8).hash(h)))
            .fold(0u64, |acc, x| acc ^ x);
        hash(&|h| (&self.published, days).hash(h))
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
        self.changed();
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

    /// Whether people work on this day, by the published calendar only.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, YearNotPublished> {
        Ok(match self.special(date)? {
            Some(SpecialDayKind::Workday) => true,
            Some(SpecialDayKind::Holiday) => false,
            None => !is_weekend(date),
        })
    }

    /// Whether this year's calendar is published.
    pub fn is_published(&self, year: i32) -> bool {
        self.published.contains(&year)
    }

    /// Whether people work on this day: by the published calendar, else by the
    /// provisional one; an error only for an unpublished year before 2025 (or
    /// after 2100).
    pub fn day_status(&self, date: NaiveDate) -> Result<DayStatus, YearNotPublished> {
        (self.table.get(date)).unwrap_or_else(|| self.reckon_day_status(date))
    }

    /// [`day_status`](Self::day_status) from the listed days and the statutory holidays.
    fn reckon_day_status(&self, date: NaiveDate) -> Result<DayStatus, YearNotPublished> {
        if self.is_published(date.year()) {
            let working = self.is_working_day(date)?;
            return Ok(DayStatus {
                working,
                provisional: false,
            });
        }
        let holidays = statutory::holidays(date.year()).ok_or(YearNotPublished(date.year()))?;
        Ok(DayStatus {
            working: !is_weekend(date) && !holidays.contains_key(&date),
            provisional: true,
        })
    }

    /// From 1 November: next year, if its arrangement is not published yet.
    pub fn next_year_due(&self, today: NaiveDate) -> Option<i32> {
        let next = today.year() + 1;
        (today.month() >= 11 && !self.is_published(next)).then_some(next)
    }

    /// The first year in `from..=to` that is not published, if any.
    pub fn first_unpublished(&self, from: NaiveDate, to: NaiveDate) -> Option<i32> {
        (from.year()..=to.year()).find(|y| !self.is_published(*y))
    }

    /// The `n`-th working day after `start` (the period starts the day after the event).
    pub fn add_working_days(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<Reckoned<NaiveDate>, YearNotPublished> {
        let mut provisional = self.day_status(start)?.provisional;
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next(day)?;
            let status = self.day_status(day)?;
            provisional |= status.provisional;
            left -= u32::from(status.working);
        }
        Ok(Reckoned {
            value: day,
            provisional,
        })
    }

    /// `start` plus `n` calendar days; a last day that is not a working day
    /// moves to the next working day.
    pub fn add_calendar_days(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<Reckoned<NaiveDate>, YearNotPublished> {
        let mut provisional = self.day_status(start)?.provisional;
        let mut day = start + chrono::Days::new(u64::from(n));
        loop {
            let status = self.day_status(day)?;
            provisional |= status.provisional;
            if status.working {
                break;
            }
            day = next(day)?;
        }
        Ok(Reckoned {
            value: day,
            provisional,
        })
    }

    /// The due date of a period of `n` days of `kind` starting after `start`.
    pub fn due_date(
        &self,
        start: NaiveDate,
        n: u32,
        kind: DayKind,
    ) -> Result<Reckoned<NaiveDate>, YearNotPublished> {
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
    ) -> Result<Reckoned<u32>, YearNotPublished> {
        let (mut count, mut provisional) = (0, false);
        let mut day = from;
        while day < to {
            day = next(day)?;
            let status = self.day_status(day)?;
            provisional |= status.provisional;
            count += u32::from(status.working);
        }
        Ok(Reckoned {
            value: count,
            provisional,
        })
    }

    /// The last working day before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> Result<NaiveDate, YearNotPublished> {
        let mut day = date;
        loop {
            day = day.pred_opt().ok_or(YearNotPublished(day.year() - 1))?;
            if self.day_status(day)?.working {
                return Ok(day);
            }
        }
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
mod tests;
