//! Intake limits counted in the database, so N replicas on PostgreSQL allow
//! the quota once, not N times: fixed windows (a minute per address, an hour
//! per phone), one upsert per counter.

use actix_web::HttpRequest;
use chrono::{DateTime, Utc};

use crate::api::http::guard::IntakeGuard;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// The start of the `seconds`-long window holding `now`, and the seconds left in it.
fn window(now: DateTime<Utc>, seconds: i64) -> (chrono::NaiveDateTime, u64) {
    let t = now.timestamp();
    let start = t - t.rem_euclid(seconds);
    let begins = DateTime::from_timestamp(start, 0)
        .unwrap_or(now)
        .naive_utc();
    (begins, (start + seconds - t).max(1) as u64)
}

/// 429 with `Retry-After` when a counter shared by the replicas is over its
/// quota; nothing to do on SQLite (one process, counted in memory).
pub async fn check_shared(
    state: &AppState,
    guard: &IntakeGuard,
    req: &HttpRequest,
    phone: Option<&str>,
) -> Result<(), AppError> {
    let limits = guard.shared_limits(req, phone);
    if limits.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    state
        .db(move |conn| {
            for (key, seconds, quota, field) in limits {
                let (start, left) = window(now, seconds);
                if db::rate_limits::hit(conn, &key, start)? > i64::from(quota) {
                    return Err(AppError::TooManyRequests {
                        retry_after_s: left,
                        field,
                    });
                }
            }
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_and_say_what_is_left() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T10:15:42Z")
            .unwrap()
            .to_utc();
        let (start, left) = window(now, 60);
        assert_eq!(
            (start.to_string().as_str(), left),
            ("2026-12-02 10:15:00", 18)
        );
        let (start, left) = window(now, 3600);
        assert_eq!(
            (start.to_string().as_str(), left),
            ("2026-12-02 10:00:00", 2658)
        );
    }
}
