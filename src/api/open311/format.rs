//! Open311 GeoReport v2 wire formats: every resource in JSON and in XML (the
//! format is the path's extension), and errors as `[{code, description}]`.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::i18n::{Lang, Text};

/// The format named by the path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`: `application/json`.
    Json,
    /// `.xml`: `text/xml`, with the XML declaration.
    Xml,
}

impl Format {
    /// Parses `json` or `xml`.
    pub fn parse(ext: &str) -> Option<Self> {
        match ext {
            "json" => Some(Format::Json),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }
}

/// One Open311 error.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Error {
    /// The HTTP status, e.g. 400, 403, 404.
    pub code: u16,
    /// What went wrong, naming the field.
    pub description: String,
}

/// A failed Open311 call, rendered as an error array in the call's format.
#[derive(Debug)]
pub struct Failure {
    /// HTTP status.
    pub status: StatusCode,
    /// The field at fault (or what was looked up).
    pub field: String,
    /// What went wrong with it.
    pub reason: Text,
}

impl Failure {
    /// A failure naming a field.
    pub fn new(status: StatusCode, field: impl Into<String>, reason: Text) -> Self {
        Self {
            status,
            field: field.into(),
            reason,
        }
    }

    /// A 400 naming a field.
    pub fn bad(field: impl Into<String>, zh: &str, en: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, field, Text::new(zh, en))
    }

    /// A 400 naming `field` as longer than `max` characters.
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        let reason = Text::new(
            format!("不能超过 {max} 个字符"),
            format!("must be at most {max} characters"),
        );
        Self::new(StatusCode::BAD_REQUEST, field, reason)
    }

    /// Renders the error array, described as `field: reason` in `lang`.
    pub fn render(&self, format: Format, lang: Lang) -> HttpResponse {
        let errors = [Open311Error {
            code: self.status.as_u16(),
            description: format!("{}: {}", self.field, self.reason.get(lang)),
        }];
        respond(format, self.status, "errors", &errors)
    }
}

/// Serializes `body` as JSON, or as XML under `root` (arrays as repeated
/// elements named after their parent, e.g. `services` → `service`).
pub fn respond(
    format: Format,
    status: StatusCode,
    root: &str,
    body: &impl Serialize,
) -> HttpResponse {
    let value = serde_json::to_value(body).expect("Open311 bodies serialize");
    match format {
        Format::Json => HttpResponse::build(status)
            .content_type("application/json; charset=utf-8")
            .body(value.to_string()),
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            element(&mut xml, root, &value);
            HttpResponse::build(status)
                .content_type("text/xml; charset=utf-8")
                .body(xml)
        }
    }
}

/// The element name of one item of a list element.
fn singular(name: &str) -> &str {
    match name {
        "services" => "service",
        "service_requests" => "request",
        "errors" => "error",
        "attributes" => "attribute",
        "values" => "value",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

fn element(out: &mut String, name: &str, value: &Value) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape_into(out, s),
        Value::Array(items) => {
            let item = singular(name);
            for v in items {
                element(out, item, v);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                element(out, k, v);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

/// Open311 error arrays.
pub type Errors = Vec<Open311Error>;
/// Open311 request lists.
pub type Requests = Vec<crate::api::open311::dto::Open311Request>;

/// Runs a handler body and renders its failure as an error array in `format`
/// (`.json` when the extension itself is unknown).
pub async fn answer<F>(ext: &str, lang: Lang, body: impl FnOnce(Format) -> F) -> HttpResponse
where
    F: std::future::Future<Output = Result<HttpResponse, Failure>>,
{
    let Some(format) = Format::parse(ext) else {
        let reason = Text::new("仅支持 `.json` 与 `.xml`", "only .json and .xml are served");
        return Failure::new(StatusCode::NOT_FOUND, "format", reason).render(Format::Json, lang);
    };
    match body(format).await {
        Ok(res) => res,
        Err(f) => f.render(format, lang),
    }
}

/// A 500 as an Open311 error array: the cause is logged, never shown.
pub fn internal(e: impl std::fmt::Display) -> Failure {
    tracing::error!(error = %e, "open311 request failed");
    let reason = Text::new("服务器内部错误", "internal error");
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "server", reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn xml(root: &str, v: Value) -> String {
        let mut out = String::new();
        element(&mut out, root, &v);
        out
    }

    #[test]
    fn lists_become_repeated_elements_and_text_is_escaped() {
        let v = json!([{ "service_code": "trademark", "metadata": true, "group": "A&B <c>" }]);
        assert_eq!(
            xml("services", v),
            "<services><service><service_code>trademark</service_code><metadata>true</metadata>\
<group>A&amp;B &lt;c&gt;</group></service></services>"
        );
    }

    #[test]
    fn nested_lists_and_nulls() {
        let v = json!({ "attributes": [{ "values": [{ "key": "x" }] }], "token": null });
        assert_eq!(
            xml("service_definition", v),
            "<service_definition><attributes><attribute><values><value><key>x</key></value>\
</values></attribute></attributes><token></token></service_definition>"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml("d", json!("a\u{1}b\nc")), "<d>ab\nc</d>");
    }
}
