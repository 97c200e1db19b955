//! Paging and the date window shared by the audit trails: newest first,
//! `from` ≤ at < `to`, `cursor` from the previous page.

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::api::http::params::{decode_cursor, limit};
use crate::domain::cursor::{self, AfterId};
use crate::error::AppError;

/// The window and page position asked for, checked.
#[derive(Debug, Clone)]
pub struct Window {
    /// At or after.
    pub from: Option<NaiveDateTime>,
    /// Before.
    pub to: Option<NaiveDateTime>,
    /// Older than this entry.
    pub before_id: Option<String>,
    /// Page size.
    pub limit: usize,
}

impl Window {
    /// Checks `limit`, `cursor` and that `from` is before `to`.
    pub fn parse(
        from: Option<DateTime<FixedOffset>>,
        to: Option<DateTime<FixedOffset>>,
        cursor: Option<&str>,
        size: Option<u32>,
    ) -> Result<Self, AppError> {
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Err(AppError::bad_request(
                    "to",
                    crate::i18n::Text::new("须晚于起始时间", "must be after from"),
                ));
            }
        }
        Ok(Self {
            from: from.map(|t| t.naive_utc()),
            to: to.map(|t| t.naive_utc()),
            before_id: decode_cursor::<AfterId>(cursor)?.map(|c| c.id),
            limit: limit(size)?,
        })
    }

    /// Rows to fetch: one more than the page, to know whether another follows.
    pub fn fetch(&self) -> i64 {
        self.limit as i64 + 1
    }

    /// Cuts the extra row and gives the cursor of the next page.
    pub fn page<T>(&self, mut rows: Vec<T>, id: impl Fn(&T) -> &str) -> (Vec<T>, Option<String>) {
        if rows.len() <= self.limit {
            return (rows, None);
        }
        rows.truncate(self.limit);
        let next = rows.last().map(|r| {
            cursor::encode(&AfterId {
                id: id(r).to_owned(),
            })
        });
        (rows, next)
    }
}
