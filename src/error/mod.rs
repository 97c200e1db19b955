//! The one error type of the API, rendered as RFC 9457 `application/problem+json`.

use actix_web::http::{header, Method, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Lang, Text};

mod describe;
mod resource;

pub use resource::Resource;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request could not be parsed (400).
    #[error("bad request: {field}: {}", reason.en)]
    BadRequest { field: String, reason: Text },
    /// The request was parsed but a value is not acceptable (422).
    #[error("invalid {field}: {}", reason.en)]
    Invalid { field: String, reason: Text },
    /// The named resource does not exist (404).
    #[error("{} {id} not found", resource.labels().1)]
    NotFound { resource: Resource, id: String },
    /// No route has this path (404).
    #[error("no such path")]
    NoRoute,
    /// The path exists, but not with this method (405).
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<Method> },
    /// The body is not of a media type the operation takes (415).
    #[error("unsupported media type, expected {expected}")]
    UnsupportedMediaType { expected: &'static str },
    /// The body is larger than the operation takes (413).
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body did not arrive in time (408).
    #[error("request body timeout after {secs} s")]
    BodyTimeout { secs: u64 },
    /// No valid API key was presented (401).
    #[error("authentication required")]
    Unauthenticated,
    /// The key's role may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// The caller may not do this particular thing, for the reason given (403).
    #[error("forbidden: {}", reason.en)]
    Denied { reason: Text },
    /// `If-Match` names another version (412).
    #[error("precondition failed")]
    PreconditionFailed { current: i64 },
    /// Someone else's write landed between the `If-Match` check and this
    /// write, so the precondition no longer holds (412, like a stale `If-Match`).
    #[error("precondition failed: {}", reason.en)]
    ChangedMeanwhile { reason: Text },
    /// An update without `If-Match` (428).
    #[error("precondition required")]
    PreconditionRequired,
    /// Too many requests from one client or phone (429).
    #[error("too many requests")]
    TooManyRequests {
        retry_after_s: u64,
        field: &'static str,
    },
    /// The change conflicts with the current state (409).
    #[error("conflict: {}", reason.en)]
    Conflict { reason: Text },
    /// The service cannot serve yet or any more, for the reason given (503).
    #[error("unavailable: {}", reason.en)]
    Unavailable { reason: Text },
    /// Anything unexpected (500); logged, never shown to the client.
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// URI identifying the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary of the problem type, in the requested language.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong with this request, in the requested language.
    pub detail: String,
    /// Stable machine-readable code, e.g. `invalid_field`.
    pub code: String,
    /// The offending field or parameter, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// Media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

impl AppError {
    /// A 400 naming the parameter or field that could not be parsed.
    pub fn bad_request(field: impl Into<String>, reason: Text) -> Self {
        AppError::BadRequest {
            field: field.into(),
            reason,
        }
    }

    /// A 422 naming the field whose value is not acceptable.
    pub fn invalid(field: impl Into<String>, reason: Text) -> Self {
        AppError::Invalid {
            field: field.into(),
            reason,
        }
    }

    /// A 404 for the named resource.
    pub fn not_found(resource: Resource, id: impl std::fmt::Display) -> Self {
        AppError::NotFound {
            resource,
            id: id.to_string(),
        }
    }

    /// A 412 for a write that lost a race with another one after its
    /// `If-Match` was checked.
    pub fn changed_meanwhile(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::ChangedMeanwhile {
            reason: Text::new(zh, en),
        }
    }

    /// A 409 saying why the change conflicts with the current state.
    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict {
            reason: Text::new(zh, en),
        }
    }

    /// A 403 saying why this caller may not do this (and who may).
    pub fn denied(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Denied {
            reason: Text::new(zh, en),
        }
    }

    /// A 422 naming the field, with the reason in both languages.
    pub fn rejected(
        field: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::invalid(field, Text::new(zh, en))
    }

    /// The problem document in one language.
    pub fn problem(&self, lang: Lang) -> Problem {
        let (code, title, detail, field) = self.describe();
        let status = self.status_code().as_u16();
        Problem {
            type_uri: format!("tag:ipr-service,2026:problem:{code}"),
            title: title.get(lang).to_owned(),
            status,
            detail: detail.get(lang).to_owned(),
            code: code.to_owned(),
            field,
            instance: None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        use AppError::*;
        match self {
            BadRequest { .. } => StatusCode::BAD_REQUEST,
            Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            NotFound { .. } | NoRoute => StatusCode::NOT_FOUND,
            MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Unauthenticated => StatusCode::UNAUTHORIZED,
            Forbidden | Denied { .. } => StatusCode::FORBIDDEN,
            Conflict { .. } => StatusCode::CONFLICT,
            PreconditionFailed { .. } | ChangedMeanwhile { .. } => StatusCode::PRECONDITION_FAILED,
            PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        // The language and path are filled in by `as_problem` (api/http/fallback.rs), which sees the request.
        render(self, Lang::default(), None)
    }
}

/// Builds the response for an error in one language.
pub fn render(error: &AppError, lang: Lang, instance: Option<String>) -> HttpResponse {
    let mut problem = error.problem(lang);
    problem.instance = instance;
    let mut response = HttpResponse::build(error.status_code());
    response.content_type(PROBLEM_JSON);
    response.insert_header((header::CONTENT_LANGUAGE, lang.pick("zh", "en")));
    match error {
        AppError::MethodNotAllowed { allow } => {
            let list = allow
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            response.insert_header((header::ALLOW, list));
        }
        AppError::Unauthenticated => {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        AppError::TooManyRequests { retry_after_s, .. } => {
            response.insert_header((header::RETRY_AFTER, retry_after_s.to_string()));
        }
        // Not ready (starting, or the database is away): worth a retry soon.
        AppError::Unavailable { .. } => {
            response.insert_header((header::RETRY_AFTER, "1"));
        }
        _ => {}
    }
    response.json(problem)
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match unique_value_taken(&e) {
            Some(conflict) => conflict,
            None => AppError::Internal(e.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    /// Unexpected (500), unless a database error anywhere in its chain says
    /// a unique value was taken meanwhile (409, as when it comes straight
    /// from diesel): wrapping it in context must not turn a lost race into a 500.
    fn from(e: anyhow::Error) -> Self {
        let taken = e
            .chain()
            .filter_map(|cause| cause.downcast_ref::<diesel::result::Error>())
            .find_map(unique_value_taken);
        taken.unwrap_or(AppError::Internal(e))
    }
}

/// The 409 for a write that lost a race for a unique value: writes check
/// unique values first (409 naming the holder), but on PostgreSQL two
/// transactions can both pass the check. `None` for any other error.
fn unique_value_taken(e: &diesel::result::Error) -> Option<AppError> {
    use diesel::result::{DatabaseErrorKind, Error};
    let Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = e else {
        return None;
    };
    tracing::info!(constraint = ?info.constraint_name(), "unique value taken meanwhile");
    Some(AppError::conflict(
        "该值刚被另一请求登记，请刷新后重试",
        "another request registered this value just now; reload and retry",
    ))
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(anyhow::anyhow!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;

    use super::AppError;

    #[test]
    fn a_write_that_lost_a_race_is_a_failed_precondition() {
        let e = AppError::changed_meanwhile("条目已被他人修改", "the entry was changed meanwhile");
        assert_eq!(e.status_code().as_u16(), 412);
    }

    #[test]
    fn a_unique_value_taken_meanwhile_is_a_conflict_and_other_database_errors_are_internal() {
        use diesel::result::{DatabaseErrorKind, Error};
        let taken = Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new(String::from(
                "duplicate key value violates unique constraint",
            )),
        );
        assert_eq!(AppError::from(taken).status_code().as_u16(), 409);
        let broken = Error::DatabaseError(
            DatabaseErrorKind::CheckViolation,
            Box::new(String::from("check failed")),
        );
        assert_eq!(AppError::from(broken).status_code().as_u16(), 500);
    }

    #[test]
    fn a_unique_value_taken_meanwhile_stays_a_conflict_inside_context() {
        use anyhow::Context;
        use diesel::result::{DatabaseErrorKind, Error};
        let error = |kind| Error::DatabaseError(kind, Box::new(String::from("refused")));
        let with_context = |e: Error| -> anyhow::Error {
            Err::<(), _>(e)
                .context("storing the outlet")
                .context("importing row 3")
                .unwrap_err()
        };
        let taken = with_context(error(DatabaseErrorKind::UniqueViolation));
        assert_eq!(AppError::from(taken).status_code().as_u16(), 409);
        // A source further down the chain, under an error type of its own.
        #[derive(Debug, thiserror::Error)]
        #[error("import failed")]
        struct ImportFailed(#[source] Error);
        let nested = anyhow::Error::new(ImportFailed(error(DatabaseErrorKind::UniqueViolation)));
        assert_eq!(AppError::from(nested).status_code().as_u16(), 409);
        let broken = with_context(error(DatabaseErrorKind::ForeignKeyViolation));
        assert_eq!(AppError::from(broken).status_code().as_u16(), 500);
        let plain = anyhow::anyhow!("no database here");
        assert_eq!(AppError::from(plain).status_code().as_u16(), 500);
    }
}
