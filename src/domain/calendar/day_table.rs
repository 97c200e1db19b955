//! Every day's status from the first published year to the last year with a
//! provisional calendar, one byte a day. Counting a period reads one byte a
//! day instead of a set and a hash map: computing the clocks of a queue page
//! spent an eighth of its time in those lookups (by `perf`).

use chrono::{Datelike, NaiveDate};

use super::{DayStatus, YearNotPublished};

const KNOWN: u8 = 1;
const WORKING: u8 = 2;
const PROVISIONAL: u8 = 4;

/// Day statuses from `first` on; an empty table knows no day.
#[derive(Debug, Clone, Default)]
pub(super) struct DayTable {
    first: Option<NaiveDate>,
    days: Vec<u8>,
}

impl DayTable {
    /// The statuses of every day of `years`, as `status` gives them.
    pub(super) fn build(
        years: std::ops::RangeInclusive<i32>,
        status: impl Fn(NaiveDate) -> Result<DayStatus, YearNotPublished>,
    ) -> Self {
        let (Some(first), Some(end)) = (
            NaiveDate::from_ymd_opt(*years.start(), 1, 1),
            NaiveDate::from_ymd_opt(*years.end(), 12, 31),
        ) else {
            return Self::default();
        };
        let days = first
            .iter_days()
            .take_while(|d| *d <= end)
            .map(|d| match status(d) {
                Ok(s) => {
                    KNOWN
                        | if s.working { WORKING } else { 0 }
                        | if s.provisional { PROVISIONAL } else { 0 }
                }
                Err(_) => 0,
            })
            .collect();
        Self {
            first: Some(first),
            days,
        }
    }

    /// The day's status, `None` when the table does not cover it.
    pub(super) fn get(&self, date: NaiveDate) -> Option<Result<DayStatus, YearNotPublished>> {
        let offset = usize::try_from((date - self.first?).num_days()).ok()?;
        let byte = *self.days.get(offset)?;
        Some(if byte & KNOWN == 0 {
            Err(YearNotPublished(date.year()))
        } else {
            Ok(DayStatus {
                working: byte & WORKING != 0,
                provisional: byte & PROVISIONAL != 0,
            })
        })
    }
}
