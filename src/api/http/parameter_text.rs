//! What the text of every query and path parameter must be, checked in one
//! pass before the handler: at most [`MAX_PARAMETER_CHARS`] characters
//! (where no tighter limit is stated) and no NUL character (see
//! [`super::nul_character`]). The first parameter that fails is a 400 naming
//! it. The OpenAPI document says `maxLength` on each parameter
//! (`api::query_strings`), so generated clients refuse a long value themselves.

use std::borrow::Cow;

use actix_web::dev::ServiceRequest;
use actix_web::web;
use percent_encoding::percent_decode_str;

use crate::api::http::fallback::RouteTable;
use crate::api::http::nul_character;
use crate::error::AppError;
use crate::i18n::Text;

/// The most characters (Unicode scalar values, as JSON Schema counts them)
/// a query or path parameter may hold: five times the longest search words.
pub const MAX_PARAMETER_CHARS: usize = 500;

/// The 400 for the first query parameter, or else path parameter, whose text
/// is refused, if there is one. Open311 refuses its own parameters, by the
/// same [`refused_in_query`], in its own error format.
pub fn refused_parameter(req: &ServiceRequest) -> Option<AppError> {
    if req.path().starts_with("/open311/") {
        return None;
    }
    let (name, reason) = refused_in_query(req.query_string()).or_else(|| {
        let routes = req.app_data::<web::Data<RouteTable>>()?;
        refused_in_path(req.path(), routes)
    })?;
    Some(AppError::bad_request(name, reason))
}

/// Why a parameter's decoded `value` is refused, if it is.
fn refusal(value: &str) -> Option<Text> {
    if is_overlong(value) {
        return Some(Text::new(
            format!("不能超过 {MAX_PARAMETER_CHARS} 个字符"),
            format!("must be at most {MAX_PARAMETER_CHARS} characters"),
        ));
    }
    value.contains('\0').then(nul_character::reason)
}

/// Whether `text` holds more characters than [`MAX_PARAMETER_CHARS`]; a text
/// of no more bytes than that cannot, so most are not counted.
fn is_overlong(text: &str) -> bool {
    text.len() > MAX_PARAMETER_CHARS && text.chars().count() > MAX_PARAMETER_CHARS
}

/// The (decoded) name of the first query parameter refused, and why (named
/// `query` when the name itself holds a NUL). Only a query longer than the
/// limit, or with an encoded NUL, is decoded at all.
pub fn refused_in_query(query: &str) -> Option<(String, Text)> {
    if query.len() <= MAX_PARAMETER_CHARS && !query.contains("%00") {
        return None;
    }
    form_urlencoded::parse(query.as_bytes()).find_map(|(name, value)| {
        if name.contains('\0') {
            return Some(("query".to_owned(), nul_character::reason()));
        }
        refusal(&value).map(|why| (name.into_owned(), why))
    })
}

/// The name of the first path parameter refused, and why: looked up only
/// when some segment of the path is longer than the limit (a segment also
/// holds the text around a parameter, as `{dataset}.csv`) or holds an
/// encoded NUL. A path no route takes is left to be a 404.
fn refused_in_path(path: &str, routes: &RouteTable) -> Option<(String, Text)> {
    let suspect = |s: &str| s.len() > MAX_PARAMETER_CHARS || s.contains("%00");
    if !path.split('/').any(suspect) {
        return None;
    }
    (routes.parameters(path).into_iter())
        .find_map(|(name, value)| refusal(&decoded(&value)).map(|why| (name, why)))
}

fn decoded(value: &str) -> Cow<'_, str> {
    percent_decode_str(value).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(found: Option<(String, Text)>) -> Option<String> {
        found.map(|(name, _)| name)
    }

    #[test]
    fn a_query_value_is_counted_in_characters_after_decoding() {
        let at_limit = "字".repeat(MAX_PARAMETER_CHARS);
        let encoded: String = form_urlencoded::byte_serialize(at_limit.as_bytes()).collect();
        assert_eq!(
            name(refused_in_query(&format!("q={encoded}&limit=5"))),
            None
        );
        let over = format!("{encoded}{}", "x");
        let refused = refused_in_query(&format!("limit=5&q={over}"));
        assert_eq!(name(refused).as_deref(), Some("q"));
    }

    #[test]
    fn a_nul_in_a_query_is_named_by_its_parameter() {
        let refused = refused_in_query("limit=5&q=a%00b").unwrap();
        assert_eq!(
            (refused.0.as_str(), refused.1),
            ("q", nul_character::reason())
        );
        assert_eq!(name(refused_in_query("a%00=1")).as_deref(), Some("query"));
        assert_eq!(name(refused_in_query("q=%2500")), None);
        assert_eq!(name(refused_in_query("q=abc")), None);
    }

    #[test]
    fn a_long_path_segment_is_named_by_its_route_parameter() {
        let routes = RouteTable::from_openapi(&crate::api::openapi());
        let long = "a".repeat(MAX_PARAMETER_CHARS + 1);
        let path = format!("/api/v1/outlets/{long}/hours");
        assert_eq!(name(refused_in_path(&path, &routes)).as_deref(), Some("id"));
        let fine = "a".repeat(MAX_PARAMETER_CHARS);
        let path = format!("/api/v1/outlets/{fine}");
        assert_eq!(name(refused_in_path(&path, &routes)), None);
        let export = format!("/api/v1/export/{fine}.csv");
        assert_eq!(name(refused_in_path(&export, &routes)), None);
        let export = format!("/api/v1/export/{long}.csv");
        assert_eq!(
            name(refused_in_path(&export, &routes)).as_deref(),
            Some("dataset")
        );
        let unrouted = format!("/api/v1/{long}");
        assert_eq!(name(refused_in_path(&unrouted, &routes)), None);
    }

    #[test]
    fn a_nul_in_a_path_is_named_by_its_route_parameter() {
        let routes = RouteTable::from_openapi(&crate::api::openapi());
        let path = "/api/v1/tickets/t-1%00/events";
        assert_eq!(name(refused_in_path(path, &routes)), None, "no such route");
        let path = "/api/v1/tickets/t-1%00";
        let refused = refused_in_path(path, &routes).unwrap();
        assert_eq!(
            (refused.0.as_str(), refused.1),
            ("id", nul_character::reason())
        );
        assert_eq!(name(refused_in_path("/api/v1/tickets/t-1", &routes)), None);
    }
}
