//! Opening hours (办公时间): weekly intervals, dated exceptions, and the
//! official calendar (closed on holidays, open on make-up working days by default).

use crate::domain::length::within;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

use super::calendar::{local_date, shanghai, SpecialDayKind, WorkCalendar, YearNotPublished};
use super::outlet::FieldError;
use crate::i18n::Text;

/// How far ahead `next_open_at` looks.
const LOOKAHEAD_DAYS: u64 = 62;

/// From `opens` up to (not including) `closes`, local time, e.g. 09:00–17:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// Opening time `HH:MM`.
    #[serde(serialize_with = "hhmm_out", deserialize_with = "hhmm_in")]
    #[schema(value_type = String, example = "09:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub opens: NaiveTime,
    /// Closing time `HH:MM`, later than `opens`.
    #[serde(serialize_with = "hhmm_out", deserialize_with = "hhmm_in")]
    #[schema(value_type = String, example = "17:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub closes: NaiveTime,
}

fn hhmm_out<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    // Written by hand: a strftime pattern is parsed on every call, and every
    // nearest answer writes ten outlets' hours.
    s.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute()))
}

fn hhmm_in<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let text = String::deserialize(d)?;
    NaiveTime::parse_from_str(&text, "%H:%M")
        .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a time HH:MM")))
}

/// Intervals for each day of the week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Weekly {
    #[serde(default)]
    pub mon: Vec<Interval>,
    #[serde(default)]
    pub tue: Vec<Interval>,
    #[serde(default)]
    pub wed: Vec<Interval>,
    #[serde(default)]
    pub thu: Vec<Interval>,
    #[serde(default)]
    pub fri: Vec<Interval>,
    #[serde(default)]
    pub sat: Vec<Interval>,
    #[serde(default)]
    pub sun: Vec<Interval>,
}

impl Weekly {
    fn day(&self, weekday: Weekday) -> &[Interval] {
        match weekday {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    /// Hours open in a regular week.
    pub fn hours_per_week(&self) -> f64 {
        let minutes: i64 = (self.all().into_iter().flatten())
            .map(|i| (i.closes - i.opens).num_minutes())
            .sum();
        minutes as f64 / 60.0
    }

    fn all(&self) -> [&Vec<Interval>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }
}

/// A dated change: closed (no intervals) or special hours, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursException {
    /// The day, local date.
    pub date: NaiveDate,
    /// Hours that day; empty means closed.
    #[serde(default)]
    pub intervals: Vec<Interval>,
    /// Why, e.g. 「系统升级暂停服务」: 1 to 200 characters.
    #[schema(max_length = 200)]
    pub reason: String,
}

fn yes() -> bool {
    true
}

/// An outlet's opening hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// Regular hours by weekday.
    pub weekly: Weekly,
    /// Dated exceptions, which win over everything else.
    #[serde(default)]
    pub exceptions: Vec<HoursException>,
    /// Closed on official holidays (default true).
    #[serde(default = "yes")]
    pub closed_on_holidays: bool,
    /// Open on make-up working days (调休上班), with Monday's hours (default true).
    #[serde(default = "yes")]
    pub open_on_makeup_days: bool,
    /// Remark shown with the hours, at most 500 characters.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

impl OpeningHours {
    /// Checks intervals (ordered, not overlapping, at most 4 a day) and exceptions.
    pub fn validate(&self) -> Result<(), FieldError> {
        let fail = |field, zh: &str, en: &str| FieldError {
            field,
            reason: Text::new(zh, en),
        };
        let ordered = |day: &[Interval]| {
            day.len() <= 4
                && day.iter().all(|i| i.opens < i.closes)
                && day.windows(2).all(|w| w[0].closes <= w[1].opens)
        };
        const DAYS: [&str; 7] = [
            "weekly.mon",
            "weekly.tue",
            "weekly.wed",
            "weekly.thu",
            "weekly.fri",
            "weekly.sat",
            "weekly.sun",
        ];
        if let Some(day) = self.weekly.all().iter().position(|d| !ordered(d)) {
            return Err(fail(DAYS[day], "每天最多 4 段，开始早于结束，且按时间先后不重叠", "at most 4 intervals a day, each opening before it closes, in order and not overlapping"));
        }
        if !self
            .exceptions
            .iter()
            .all(|e| ordered(&e.intervals) && within(&e.reason, 1..=200))
        {
            return Err(fail(
                "exceptions",
                "例外日的时段须有效且须说明原因（最多 200 个字符）",
                "exception intervals must be valid and give a reason of at most 200 characters",
            ));
        }
        if self.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
            return Err(fail("note", "最多 500 个字符", "at most 500 characters"));
        }
        let mut dates: Vec<_> = self.exceptions.iter().map(|e| e.date).collect();
        dates.sort();
        if dates.windows(2).any(|w| w[0] == w[1]) {
            return Err(fail(
                "exceptions",
                "同一日期只能有一条例外",
                "one exception per date",
            ));
        }
        Ok(())
    }

    /// The intervals on a local date.
    pub fn intervals_on(
        &self,
        date: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Result<&[Interval], YearNotPublished> {
        if let Some(e) = self.exceptions.iter().find(|e| e.date == date) {
            return Ok(&e.intervals);
        }
        Ok(match calendar.special(date)? {
            Some(SpecialDayKind::Holiday) if self.closed_on_holidays => &[],
            Some(SpecialDayKind::Workday) if self.open_on_makeup_days => &self.weekly.mon,
            _ => self.weekly.day(date.weekday()),
        })
    }

    /// Days from `from` to `to` (both included) with opening hours.
    pub fn days_open(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        calendar: &WorkCalendar,
    ) -> Result<u64, YearNotPublished> {
        let mut open = 0;
        for day in from.iter_days().take_while(|d| *d <= to) {
            open += u64::from(!self.intervals_on(day, calendar)?.is_empty());
        }
        Ok(open)
    }

    /// Whether the outlet is open at an instant.
    pub fn is_open_at(
        &self,
        t: DateTime<Utc>,
        calendar: &WorkCalendar,
    ) -> Result<bool, YearNotPublished> {
        let local = t.with_timezone(&shanghai());
        let intervals = self.intervals_on(local.date_naive(), calendar)?;
        Ok(open_during(intervals, local.time()))
    }

    /// The next opening time after `t`, within two months; `None` when there is
    /// none, or when the calendar of a year on the way is not published.
    pub fn next_open_at(
        &self,
        t: DateTime<Utc>,
        calendar: &WorkCalendar,
    ) -> Option<DateTime<chrono::FixedOffset>> {
        let start = local_date(t);
        (0..LOOKAHEAD_DAYS)
            .map_while(|n| {
                let date = start + chrono::Days::new(n);
                let intervals = self.intervals_on(date, calendar).ok()?;
                Some(intervals.iter().map(move |i| {
                    shanghai()
                        .from_local_datetime(&date.and_time(i.opens))
                        .single()
                }))
            })
            .flatten()
            .flatten()
            .find(|opens| *opens > t)
    }
}

/// Whether one of a day's `intervals` holds the local `time`.
pub fn open_during(intervals: &[Interval], time: NaiveTime) -> bool {
    intervals.iter().any(|i| i.opens <= time && time < i.closes)
}

#[cfg(test)]
#[path = "hours_tests.rs"]
mod tests;
