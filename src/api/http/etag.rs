//! Optimistic concurrency: `ETag` on single outlets and tickets, `If-Match` on their updates.

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::error::AppError;

/// The entity tag of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` header as sent.
pub fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// 428 without `If-Match`; 412 unless it names `current` (or is `*`).
pub fn check(if_match: Option<&str>, current: i64) -> Result<(), AppError> {
    let sent = if_match.ok_or(AppError::PreconditionRequired)?;
    let ok = sent
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag == etag(current));
    ok.then_some(())
        .ok_or(AppError::PreconditionFailed { current })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_comparison_of_versions() {
        assert!(check(Some("\"3\""), 3).is_ok());
        assert!(check(Some("\"2\", \"3\""), 3).is_ok());
        assert!(check(Some("*"), 3).is_ok());
        assert!(matches!(
            check(Some("\"2\""), 3),
            Err(AppError::PreconditionFailed { current: 3 })
        ));
        assert!(matches!(
            check(Some("W/\"3\""), 3),
            Err(AppError::PreconditionFailed { .. })
        ));
        assert!(matches!(
            check(None, 3),
            Err(AppError::PreconditionRequired)
        ));
    }
}
