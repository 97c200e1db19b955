//! Error responses many operations share, for their OpenAPI `responses`.

use utoipa::IntoResponses;

use crate::error::Problem;

/// 401 for an operation that needs a key.
#[derive(IntoResponses)]
pub enum NeedsKey {
    /// No valid key
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
}

/// 401 and 403 for an operation only admin keys may call.
#[derive(IntoResponses)]
pub enum AdminOnly {
    /// No valid key
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// Not an admin key
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// 401 and 403 for an operation admin and auditor keys may call.
#[derive(IntoResponses)]
pub enum AdminOrAuditor {
    /// No valid key
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// Neither an admin nor an auditor key
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// 412 and 428 for an update guarded by `If-Match`.
#[derive(IntoResponses)]
pub enum GuardedByEtag {
    /// The ETag is stale
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
    /// No If-Match
    #[response(status = 428, content_type = "application/problem+json")]
    Missing(Problem),
}
