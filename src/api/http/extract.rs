//! Extractors that parse query strings and JSON bodies and, on failure, name
//! the offending field in a problem document instead of actix's plain text.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::{ready, LocalBoxFuture, Ready};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::Text;

/// Query parameters deserialized into `T`; errors are 400 naming the parameter.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequest for ValidQuery<T> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(ValidQuery))
    }
}

/// Parses a query string, naming the parameter that failed.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    // An empty value is refused rather than read as absent, so that the
    // document's `minLength: 1` on query strings says exactly what is taken.
    if let Some(name) = empty_parameter(query) {
        return Err(AppError::bad_request(
            name,
            Text::new(
                "不能为空（不需要时请省略此参数）",
                "must not be empty (leave the parameter out instead)",
            ),
        ));
    }
    // Tracking the path costs a few per cent of a nearest answer, so it is
    // done only to name the parameter of a query already known to fail.
    serde_urlencoded::from_str(query).or_else(|_| {
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map_err(|e| {
            let message = e.inner().to_string();
            AppError::bad_request(
                field_name(&e.path().to_string(), &message, "query"),
                serde_reason(&message),
            )
        })
    })
}

/// The (decoded) name of the first parameter with an empty value (`a=` or a
/// bare `a`). Decoding never empties a value, so the raw text tells.
fn empty_parameter(query: &str) -> Option<String> {
    let pair = (query.split('&'))
        .find(|p| !p.is_empty() && p.split_once('=').is_none_or(|(_, v)| v.is_empty()))?;
    let (name, _) = form_urlencoded::parse(pair.as_bytes()).next()?;
    Some(name.into_owned())
}

/// Default largest JSON body: 256 KiB.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// A JSON body deserialized into `T`, at most `LIMIT` bytes. Malformed JSON is
/// a 400; well-formed JSON with a wrong, missing or unknown field is a 422
/// naming it; another content type is a 415.
pub struct ValidJson<T, const LIMIT: usize = DEFAULT_BODY_LIMIT>(pub T, pub actix_web::web::Bytes);

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest for ValidJson<T, LIMIT> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON));
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        let mut payload = payload.take();
        let timeout = body_timeout(req);
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType {
                    expected: "application/json",
                });
            }
            if declared.is_some_and(|n| n > LIMIT) {
                return Err(AppError::PayloadTooLarge { limit: LIMIT });
            }
            let body = read_body(&mut payload, LIMIT, timeout).await?;
            let value = parse_json(&body)?;
            Ok(ValidJson(value, body))
        })
    }
}

/// How long a request body may take to arrive.
#[derive(Debug, Clone, Copy)]
pub struct BodyReadTimeout(pub std::time::Duration);

/// The configured body timeout (30 s when none is configured).
pub fn body_timeout(req: &HttpRequest) -> std::time::Duration {
    req.app_data::<actix_web::web::Data<BodyReadTimeout>>()
        .map_or(std::time::Duration::from_secs(30), |t| t.0)
}

/// Reads a whole body of at most `limit` bytes within `timeout`: a client
/// that trickles its body (slowloris) gets a 408 instead of holding a worker.
pub async fn read_body<S, E>(
    payload: &mut S,
    limit: usize,
    timeout: std::time::Duration,
) -> Result<actix_web::web::Bytes, AppError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let read = async {
        let mut body = Vec::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                tracing::debug!(error = %e, "request body could not be read");
                AppError::bad_request(
                    "body",
                    Text::new("读取中断", "could not be read to the end"),
                )
            })?;
            if body.len() + chunk.len() > limit {
                return Err(AppError::PayloadTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.into())
    };
    tokio::time::timeout(timeout, read)
        .await
        .map_err(|_| AppError::BodyTimeout {
            secs: timeout.as_secs().max(1),
        })?
}

/// Parses a JSON document, naming the field that failed.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if let Some(field) = super::nul_character::nul_in_json(body) {
        return Err(AppError::invalid(field, super::nul_character::reason()));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let message = e.inner().to_string();
        if e.inner().is_data() {
            AppError::invalid(
                field_name(&e.path().to_string(), &message, "body"),
                serde_reason(&message),
            )
        } else {
            let (line, column) = (e.inner().line(), e.inner().column());
            AppError::bad_request(
                "body",
                Text::new(
                    format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
                    format!("is not valid JSON (line {line}, column {column})"),
                ),
            )
        }
    })?;
    de.end().map_err(|e| {
        let (line, column) = (e.line(), e.column());
        AppError::bad_request(
            "body",
            Text::new(
                format!("JSON 之后还有多余内容（第 {line} 行第 {column} 列）"),
                format!("has content after the JSON value (line {line}, column {column})"),
            ),
        )
    })?;
    Ok(value)
}

/// serde reports missing and unknown fields at the parent's path with the name in backquotes.
fn field_name(path: &str, message: &str, root: &str) -> String {
    let named = ["missing field `", "unknown field `"].iter().find_map(|p| {
        message
            .strip_prefix(p)
            .and_then(|rest| rest.split('`').next())
    });
    match (path, named) {
        ("." | "", Some(name)) => name.to_owned(),
        (_, Some(name)) if path == name || path.ends_with(&format!(".{name}")) => path.to_owned(),
        (_, Some(name)) => format!("{path}.{name}"),
        ("." | "", None) => root.to_owned(),
        (_, None) => path.to_owned(),
    }
}

/// serde's message in both languages, without its parser wording or positions.
fn serde_reason(message: &str) -> Text {
    // serde_json appends " at line L column C"; the field is named separately.
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or_default().to_owned();
    let choices = |m: &str| {
        m.split_once("expected one of ")
            .map(|(_, list)| list.replace('`', ""))
            .unwrap_or_default()
    };
    if message.starts_with("missing field") {
        Text::new("缺少必填项", "is required")
    } else if message.contains("there are no fields") {
        Text::new(
            "此接口不接受查询参数",
            "this endpoint takes no query parameters",
        )
    } else if message.starts_with("unknown field") {
        let list = choices(message);
        Text::new(
            format!("不是可用的字段（可用：{}）", list.replace(", ", "、")),
            format!("is not a known field (known: {list})"),
        )
    } else if message.starts_with("unknown variant") {
        let (value, list) = (quoted(message), choices(message));
        Text::new(
            format!(
                "取值 `{value}` 不在允许范围内（可选：{}）",
                list.replace(", ", "、")
            ),
            format!("`{value}` is not one of: {list}"),
        )
    } else if let Some((_, expected)) = message.split_once(", expected ") {
        let (zh, en) = expected_type(expected);
        Text::new(format!("类型或格式错误，应为{zh}"), format!("must be {en}"))
    } else if message.contains("HH:MM") {
        Text::new("应为 HH:MM 格式的时间", "must be a time HH:MM")
    } else if message.contains("input") {
        // chrono's parse errors (dates and times).
        Text::new(
            "日期或时间格式不正确（如 2026-12-02 或 2026-12-02T09:30:00+08:00）",
            "is not a date or time like 2026-12-02 or 2026-12-02T09:30:00+08:00",
        )
    } else {
        Text::new("格式不正确", "is not in the expected format")
    }
}

/// What serde says it expected, in words a caller knows.
fn expected_type(expected: &str) -> (&'static str, &'static str) {
    let e = expected.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| e.contains(w));
    if has(&["f32", "f64", "float"]) {
        ("数字", "a number")
    } else if has(&[
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "integer",
    ]) {
        ("整数", "a whole number")
    } else if has(&["bool"]) {
        ("布尔值（true 或 false）", "true or false")
    } else if has(&["sequence", "array", "vec"]) {
        ("数组", "an array")
    } else if has(&["map", "struct"]) {
        ("对象", "an object")
    } else if has(&["date", "time", "rfc 3339"]) {
        (
            "日期或时间（如 2026-12-02 或 2026-12-02T09:30:00+08:00）",
            "a date or time (e.g. 2026-12-02 or 2026-12-02T09:30:00+08:00)",
        )
    } else if has(&["string", "str"]) {
        ("字符串", "a string")
    } else {
        ("规定的格式", "in the documented format")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Q {
        lat: f64,
        kind: Option<crate::domain::vocab::OutletKind>,
    }

    fn field(e: AppError) -> String {
        match e {
            AppError::BadRequest { field, .. } | AppError::Invalid { field, .. } => field,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(
            field(parse_query::<Q>("kind=protection_center").unwrap_err()),
            "lat"
        );
        assert_eq!(field(parse_query::<Q>("lat=abc").unwrap_err()), "lat");
        assert_eq!(
            field(parse_query::<Q>("lat=1&kind=shop").unwrap_err()),
            "kind"
        );
        assert_eq!(field(parse_query::<Q>("lat=1&limt=3").unwrap_err()), "limt");
        assert!(parse_query::<Q>("lat=1&kind=patent_agency_office").is_ok());
    }

    #[test]
    fn empty_values_are_named_as_the_decoder_reads_them() {
        for (query, empty) in [
            ("lat=1&kind=", Some("kind")),
            ("kind&lat=1", Some("kind")),
            ("lat=1&&k%69nd=", Some("kind")),
            ("a+b=&lat=1", Some("a b")),
            ("lat=1&kind=%20", None),
            ("lat=1&kind=+", None),
            ("&&lat=1&", None),
            ("", None),
        ] {
            let decoded = form_urlencoded::parse(query.as_bytes())
                .find(|(_, v)| v.is_empty())
                .map(|(n, _)| n.into_owned());
            assert_eq!(empty_parameter(query).as_deref(), empty, "{query}");
            assert_eq!(decoded.as_deref(), empty, "{query}");
        }
        assert_eq!(field(parse_query::<Q>("lat=1&kind=").unwrap_err()), "kind");
    }

    #[test]
    fn json_errors_split_syntax_from_data() {
        assert!(matches!(
            parse_json::<Q>(b"{\"lat\": 1,"),
            Err(AppError::BadRequest { .. })
        ));
        assert!(matches!(
            parse_json::<Q>(b"{\"lat\": 1} x"),
            Err(AppError::BadRequest { .. })
        ));
        assert_eq!(
            field(parse_json::<Q>(b"{\"lat\": \"x\"}").unwrap_err()),
            "lat"
        );
        assert_eq!(
            field(parse_json::<Q>(b"{\"lat\": 1, \"kind\": \"shop\"}").unwrap_err()),
            "kind"
        );
        assert_eq!(field(parse_json::<Q>(b"{}").unwrap_err()), "lat");
    }

    #[test]
    fn messages_carry_no_parser_wording() {
        let reason = |e: AppError| match e {
            AppError::BadRequest { reason, .. } | AppError::Invalid { reason, .. } => reason,
            other => panic!("unexpected {other:?}"),
        };
        let missing = reason(parse_json::<Q>(b"{}").unwrap_err());
        assert_eq!(
            (missing.zh.as_str(), missing.en.as_str()),
            ("缺少必填项", "is required")
        );
        let wrong = reason(parse_json::<Q>(b"{\"lat\": \"x\"}").unwrap_err());
        assert_eq!(wrong.en, "must be a number");
        let variant = reason(parse_query::<Q>("lat=1&kind=shop").unwrap_err());
        assert!(
            variant.zh.starts_with("取值 `shop` 不在允许范围内"),
            "{}",
            variant.zh
        );
        let syntax = reason(parse_json::<Q>(b"{\"lat\": 1,").unwrap_err());
        assert!(!syntax.en.contains("EOF"), "{}", syntax.en);
        for text in [missing, wrong, variant, syntax] {
            assert!(!text.en.contains(" at line "), "{}", text.en);
        }
    }
}
