//! One length limit for every query and path parameter that states none
//! tighter: a value of more than [`MAX_PARAMETER_CHARS`] characters is a 400
//! naming the parameter, before the handler, and the OpenAPI document says
//! `maxLength` on each of them (`api::query_strings`), so generated clients
//! refuse such a value themselves.

use std::borrow::Cow;

use actix_web::dev::ServiceRequest;
use actix_web::web;
use percent_encoding::percent_decode_str;

use crate::api::http::fallback::RouteTable;
use crate::error::AppError;
use crate::i18n::Text;

/// The most characters (Unicode scalar values, as JSON Schema counts them)
/// a query or path parameter may hold: five times the longest search words.
pub const MAX_PARAMETER_CHARS: usize = 500;

/// The 400 for the first query or path parameter longer than
/// [`MAX_PARAMETER_CHARS`], if there is one. Open311 reads and refuses its
/// own parameters, in its own error format.
pub fn overlong_parameter(req: &ServiceRequest) -> Option<AppError> {
    if req.path().starts_with("/open311/") {
        return None;
    }
    let name = overlong_query(req.query_string()).or_else(|| {
        let routes = req.app_data::<web::Data<RouteTable>>()?;
        overlong_path(req.path(), routes)
    })?;
    Some(too_long(name))
}

/// The 400 naming `name` as longer than [`MAX_PARAMETER_CHARS`].
fn too_long(name: impl Into<String>) -> AppError {
    AppError::bad_request(
        name,
        Text::new(
            format!("不能超过 {MAX_PARAMETER_CHARS} 个字符"),
            format!("must be at most {MAX_PARAMETER_CHARS} characters"),
        ),
    )
}

/// Whether `text` holds more characters than [`MAX_PARAMETER_CHARS`]; a text
/// of no more bytes than that cannot, so most are not counted.
fn is_overlong(text: &str) -> bool {
    text.len() > MAX_PARAMETER_CHARS && text.chars().count() > MAX_PARAMETER_CHARS
}

/// The (decoded) name of the first query parameter whose decoded value is too long.
fn overlong_query(query: &str) -> Option<String> {
    if query.len() <= MAX_PARAMETER_CHARS {
        return None;
    }
    form_urlencoded::parse(query.as_bytes())
        .find(|(_, value)| is_overlong(value))
        .map(|(name, _)| name.into_owned())
}

/// The name of the first path parameter whose decoded value is too long:
/// looked up only when some segment of the path is longer than the limit (a
/// segment also holds the text around a parameter, as `{dataset}.csv`). A
/// path no route takes is left to be a 404.
fn overlong_path(path: &str, routes: &RouteTable) -> Option<String> {
    if !path.split('/').any(|s| s.len() > MAX_PARAMETER_CHARS) {
        return None;
    }
    (routes.parameters(path).into_iter())
        .find(|(_, value)| is_overlong(&decoded(value)))
        .map(|(name, _)| name)
}

fn decoded(value: &str) -> Cow<'_, str> {
    percent_decode_str(value).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_value_is_counted_in_characters_after_decoding() {
        let at_limit = "字".repeat(MAX_PARAMETER_CHARS);
        let encoded: String = form_urlencoded::byte_serialize(at_limit.as_bytes()).collect();
        assert_eq!(overlong_query(&format!("q={encoded}&limit=5")), None);
        let over = format!("{encoded}{}", "x");
        assert_eq!(
            overlong_query(&format!("limit=5&q={over}")).as_deref(),
            Some("q")
        );
    }

    #[test]
    fn a_long_path_segment_is_named_by_its_route_parameter() {
        let spec = crate::api::openapi();
        let routes = RouteTable::from_openapi(&spec);
        let long = "a".repeat(MAX_PARAMETER_CHARS + 1);
        let path = format!("/api/v1/outlets/{long}/hours");
        assert_eq!(overlong_path(&path, &routes).as_deref(), Some("id"));
        let fine = "a".repeat(MAX_PARAMETER_CHARS);
        assert_eq!(
            overlong_path(&format!("/api/v1/outlets/{fine}"), &routes),
            None
        );
        let export = format!("/api/v1/export/{fine}.csv");
        assert_eq!(overlong_path(&export, &routes), None);
        let export = format!("/api/v1/export/{long}.csv");
        assert_eq!(overlong_path(&export, &routes).as_deref(), Some("dataset"));
        assert_eq!(overlong_path(&format!("/api/v1/{long}"), &routes), None);
    }
}
