//! What each error says: its stable code, title and detail in both languages.

use actix_web::http::Method;

use super::AppError;
use crate::i18n::Text;

impl AppError {
    /// (code, title, detail, field) of the error.
    pub(super) fn describe(&self) -> (&'static str, Text, Text, Option<String>) {
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
            BodyTimeout { secs } => (
                "request_timeout",
                t("请求超时", "Request timeout"),
                t(
                    format!("请求体未在 {secs} 秒内送达"),
                    format!("the body did not arrive within {secs} s"),
                ),
                Some("body".into()),
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
            Unavailable { reason } => (
                "not_ready",
                t("暂不可用", "Not ready"),
                reason.clone(),
                None,
            ),
            Denied { reason } => (
                "forbidden",
                t("无权操作", "Forbidden"),
                reason.clone(),
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
            ChangedMeanwhile { reason } => (
                "precondition_failed",
                t("版本不符", "Precondition failed"),
                reason.clone(),
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
