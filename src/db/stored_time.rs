//! Timestamps read faster from SQLite. Diesel's SQLite decoder tries each of
//! its formats through chrono's `strftime` parser, which was an eighth of
//! reading the outlet table at start-up; the form diesel itself writes
//! (`YYYY-MM-DD HH:MM:SS[.fraction]`) is read here digit by digit, and
//! anything else still goes to diesel's decoder.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::sql_types::Timestamp;
use diesel::sqlite::Sqlite;

use super::{MultiBackend, MultiRawValue};

/// A stored timestamp, for `#[diesel(deserialize_as = StoredTime)]` on a
/// `NaiveDateTime` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct StoredTime(pub NaiveDateTime);

impl From<StoredTime> for NaiveDateTime {
    fn from(t: StoredTime) -> Self {
        t.0
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of up to nine digits.
fn parse_written_form(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        (b[from..to].iter()).try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(20, b.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?.and_hms_nano_opt(
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
        nanos,
    )
}

impl FromSql<Timestamp, Sqlite> for StoredTime {
    fn from_sql(
        mut value: <Sqlite as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        if let Some(t) = parse_written_form(value.read_text()) {
            return Ok(StoredTime(t));
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(StoredTime)
    }
}

impl FromSql<Timestamp, Pg> for StoredTime {
    fn from_sql(
        value: <Pg as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(StoredTime)
    }
}

impl FromSql<Timestamp, MultiBackend> for StoredTime {
    fn from_sql(value: MultiRawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Timestamp>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_diesel_writes_like_chrono_does() {
        for text in [
            "2026-12-04 07:31:28",
            "2026-12-04 07:31:28.698929",
            "2026-12-04 07:31:28.698929123",
            "2026-12-04 07:31:28.5",
            "0999-01-01 00:00:00.000000001",
        ] {
            let chrono = NaiveDateTime::parse_from_str(text, "%F %T%.f").unwrap();
            assert_eq!(parse_written_form(text), Some(chrono), "{text}");
        }
    }

    #[test]
    fn leaves_other_forms_to_diesel() {
        for text in [
            "2026-12-04T07:31:28",
            "2026-12-04 07:31",
            "2026-12-04 07:31:28.",
            "2026-12-04 07:31:28.1234567890",
            "2026-02-30 07:31:28",
            "2026-12-04 24:00:00",
            "2460000.5",
            "2026-1a-04 07:31:28",
        ] {
            assert_eq!(parse_written_form(text), None, "{text}");
        }
    }
}
