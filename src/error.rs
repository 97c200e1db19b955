//! The one error type of the API, rendered as RFC 9457 `application/problem+json`.

use actix_web::http::{header, Method, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Lang, Text};

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
    /// No valid API key was presented (401).
    #[error("authentication required")]
    Unauthenticated,
    /// The key's role may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// `If-Match` names another version (412).
    #[error("precondition failed")]
    PreconditionFailed { current: i64 },
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
    /// Anything unexpected (500); logged, never shown to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What a 404 says does not exist, named in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// 工单.
    Ticket,
    /// A ticket looked up by tracking number and status token.
    TrackedTicket,
    /// 网点.
    Outlet,
    /// 行政区划.
    Region,
    /// 行政区划边界.
    Boundary,
    /// 服务事项.
    Matter,
    /// 办公时间.
    OpeningHours,
    /// 年度日历.
    CalendarYear,
    /// 密钥.
    Key,
    /// 推送订阅.
    Webhook,
    /// 推送记录.
    Delivery,
}

impl Resource {
    /// The (Chinese, English) name.
    pub fn labels(self) -> (&'static str, &'static str) {
        use Resource::*;
        match self {
            Ticket => ("工单", "ticket"),
            TrackedTicket => (
                "与该受理编号和查询码相符的工单",
                "ticket with this tracking number and status token",
            ),
            Outlet => ("网点", "outlet"),
            Region => ("行政区划", "region"),
            Boundary => ("该区划的边界", "boundary of region"),
            Matter => ("服务事项", "matter"),
            OpeningHours => ("该网点的办公时间", "opening hours of outlet"),
            CalendarYear => ("该年度的日历", "calendar of year"),
            Key => ("密钥", "key"),
            Webhook => ("推送订阅", "webhook subscription"),
            Delivery => ("推送记录", "webhook delivery"),
        }
    }
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

    /// A 409 saying why the change conflicts with the current state.
    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict {
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

    fn describe(&self) -> (&'static str, Text, Text, Option<String>) {
        use AppError::*;
        match self {
            BadRequest { field, reason } => (
                "bad_request",
                t("请求格式错误", "Malformed request"),
                t(
                    format!("参数 `{field}`：{}", reason.zh),
                    format!("parameter `{field}`: {}", reason.en),
                ),
                Some(field.clone()),
            ),
            Invalid { field, reason } => (
                "invalid_field",
                t("字段值无效", "Invalid field value"),
                t(
                    format!("字段 `{field}`：{}", reason.zh),
                    format!("field `{field}`: {}", reason.en),
                ),
                Some(field.clone()),
            ),
            NotFound { resource, id } => (
                "not_found",
                t("资源不存在", "Not found"),
                t(
                    format!("找不到{} `{id}`", resource.labels().0),
                    format!("{} `{id}` does not exist", resource.labels().1),
                ),
                None,
            ),
            NoRoute => (
                "no_route",
                t("路径不存在", "Not found"),
                t("没有这个接口路径", "No endpoint has this path"),
                None,
            ),
            MethodNotAllowed { allow } => {
                let list = allow
                    .iter()
                    .map(Method::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                let detail = t(
                    format!("该路径只支持 {list}"),
                    format!("this path only supports {list}"),
                );
                (
                    "method_not_allowed",
                    t("方法不允许", "Method not allowed"),
                    detail,
                    None,
                )
            }
            UnsupportedMediaType { expected } => (
                "unsupported_media_type",
                t("不支持的媒体类型", "Unsupported media type"),
                t(
                    format!("请求体须为 {expected}"),
                    format!("the body must be {expected}"),
                ),
                Some("Content-Type".into()),
            ),
            PayloadTooLarge { limit } => (
                "payload_too_large",
                t("请求体过大", "Payload too large"),
                t(
                    format!("请求体不得超过 {limit} 字节"),
                    format!("the body may not exceed {limit} bytes"),
                ),
                None,
            ),
            Unauthenticated => (
                "unauthenticated",
                t("需要认证", "Authentication required"),
                t(
                    "请在 Authorization 头中提供有效的 Bearer 密钥",
                    "send a valid key as `Authorization: Bearer <key>`",
                ),
                Some("Authorization".into()),
            ),
            Forbidden => (
                "forbidden",
                t("无权操作", "Forbidden"),
                t(
                    "该密钥的角色无权执行此操作",
                    "this key's role may not perform this operation",
                ),
                None,
            ),
            Conflict { reason } => ("conflict", t("状态冲突", "Conflict"), reason.clone(), None),
            PreconditionFailed { current } => (
                "precondition_failed",
                t("版本不符", "Precondition failed"),
                t(
                    format!("资源已更新，当前版本为 \"{current}\"，请重新获取"),
                    format!(
                        "the resource changed; its current ETag is \"{current}\", fetch it again"
                    ),
                ),
                Some("If-Match".into()),
            ),
            PreconditionRequired => (
                "precondition_required",
                t("缺少 If-Match", "Precondition required"),
                t(
                    "修改须携带 If-Match 头（取自 ETag）",
                    "updates need an If-Match header with the ETag you read",
                ),
                Some("If-Match".into()),
            ),
            TooManyRequests {
                retry_after_s,
                field,
            } => (
                "too_many_requests",
                t("请求过于频繁", "Too many requests"),
                t(
                    format!("请 {retry_after_s} 秒后再试"),
                    format!("retry in {retry_after_s} seconds"),
                ),
                Some((*field).into()),
            ),
            Internal(_) => (
                "internal",
                t("服务器内部错误", "Internal server error"),
                t(
                    "服务器出错，已记录，请稍后重试",
                    "the server failed; the error was logged, please retry later",
                ),
                None,
            ),
        }
    }
}

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
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
            Unauthenticated => StatusCode::UNAUTHORIZED,
            Forbidden => StatusCode::FORBIDDEN,
            Conflict { .. } => StatusCode::CONFLICT,
            PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        // The language and path are filled in by `problem_middleware`, which sees the request.
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
        _ => {}
    }
    response.json(problem)
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(e.into())
    }
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
