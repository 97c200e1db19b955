//! Timestamps in answers, everywhere in the API: RFC 3339 in China Standard
//! Time (`+08:00`), whole seconds, as a citizen or an outlet reads them.
//! Requests may send any RFC 3339 offset (`Z` included).

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::Serializer;

/// China Standard Time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// `2026-12-02T18:30:00+08:00`.
pub fn china_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&china())
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// serde `serialize_with` for a timestamp field.
pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&china_time(*t))
}

/// serde `serialize_with` for an optional timestamp field.
pub fn serialize_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_seconds_in_china_time() {
        let t = "2026-12-02T10:30:00.123456Z".parse().unwrap();
        assert_eq!(super::china_time(t), "2026-12-02T18:30:00+08:00");
    }
}
