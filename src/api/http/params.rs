//! Parsing and checks shared by the list and nearest endpoints.

use actix_web::http::header;
use actix_web::HttpRequest;
use serde::de::DeserializeOwned;

use crate::domain::coords::CoordSys;
use crate::domain::cursor;
use crate::error::AppError;
use crate::i18n::Text;

/// The query of an endpoint that takes no parameters: any is a 400, as on
/// every other endpoint (only `/health` and Open311's own paths are lenient).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoQuery {}

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest page size.
pub const MAX_LIMIT: u32 = 100;

/// Checks `limit` (1..=100, default 20).
pub fn limit(value: Option<u32>) -> Result<usize, AppError> {
    match value.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n as usize),
        _ => Err(AppError::bad_request(
            "limit",
            Text::new(
                format!("须为 1 到 {MAX_LIMIT}"),
                format!("must be from 1 to {MAX_LIMIT}"),
            ),
        )),
    }
}

/// Checks a `limit` of 1 to `max` (default `default`).
pub fn bounded_limit(value: Option<u32>, default: u32, max: u32) -> Result<usize, AppError> {
    match value.unwrap_or(default) {
        n if (1..=max).contains(&n) => Ok(n as usize),
        _ => Err(AppError::bad_request(
            "limit",
            Text::new(
                format!("须为 1 到 {max}"),
                format!("must be from 1 to {max}"),
            ),
        )),
    }
}

/// Checks search words `q`: 1 to 200 characters, not only white space.
pub fn search_text(q: &str) -> Result<&str, AppError> {
    match q.trim_matches(is_schema_white_space) {
        t if (1..=200).contains(&t.chars().count()) => Ok(t),
        _ => Err(AppError::bad_request(
            "q",
            Text::new("须为 1 到 200 个字符", "must be 1 to 200 characters"),
        )),
    }
}

/// White space as the document's pattern `\S` means it: ECMAScript's
/// (ECMA-262 WhiteSpace and LineTerminator), which clients and fuzzers check
/// against. Rust's `char::is_whitespace` differs: U+0085 is white space
/// only to Rust, U+FEFF only to ECMAScript. Trimming by Rust's refused
/// `q=%C2%85`, which the document allows (found by schemathesis).
fn is_schema_white_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Decodes a `cursor` produced by an earlier page.
pub fn decode_cursor<T: DeserializeOwned>(value: Option<&str>) -> Result<Option<T>, AppError> {
    value
        .map(|text| {
            cursor::decode(text).ok_or_else(|| {
                AppError::bad_request(
                    "cursor",
                    Text::new(
                        "不是本接口返回的游标",
                        "is not a cursor returned by this endpoint",
                    ),
                )
            })
        })
        .transpose()
}

/// Parses `bbox=west,south,east,north` given in `sys` into WGS-84 corners.
pub fn bbox(value: Option<&str>, sys: CoordSys) -> Result<Option<[f64; 4]>, AppError> {
    let Some(text) = value else { return Ok(None) };
    let bad = |zh: &str, en: &str| AppError::bad_request("bbox", Text::new(zh, en));
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            bad(
                "须为 4 个数字：西,南,东,北",
                "must be four numbers: west,south,east,north",
            )
        })?;
    let [west, south, east, north] = numbers[..] else {
        return Err(bad(
            "须为 4 个数字：西,南,东,北",
            "must be four numbers: west,south,east,north",
        ));
    };
    let out_of_range = |_| bad("坐标超出范围", "a corner is out of range");
    let sw = sys.to_wgs84(west, south).map_err(out_of_range)?;
    let ne = sys.to_wgs84(east, north).map_err(out_of_range)?;
    if sw.lng() > ne.lng() || sw.lat() > ne.lat() {
        return Err(bad(
            "西须不大于东、南须不大于北",
            "west must not exceed east, nor south north",
        ));
    }
    Ok(Some([sw.lng(), sw.lat(), ne.lng(), ne.lat()]))
}

/// Media type of GeoJSON responses.
pub const GEO_JSON: &str = "application/geo+json";

/// Whether the client asks for GeoJSON.
pub fn wants_geojson(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GEO_JSON))
}

/// A 400 for a point out of range, naming `lat` or `lng`.
pub fn point_error(e: crate::domain::point::PointError, lat: f64) -> AppError {
    let field = if lat.is_finite() && (-90.0..=90.0).contains(&lat) {
        "lng"
    } else {
        "lat"
    };
    let en = e.to_string();
    let zh = if field == "lat" {
        "纬度须为 -90 到 90 之间的数字"
    } else {
        "经度须为 -180 到 180 之间的数字"
    };
    AppError::bad_request(field, Text::new(zh, en))
}

/// Checks `radius_m` (positive, at most half the Earth's circumference).
pub fn radius(value: Option<f64>) -> Result<Option<f64>, AppError> {
    match value {
        Some(r) if !(r.is_finite() && r > 0.0 && r <= 20_037_509.0) => Err(AppError::bad_request(
            "radius_m",
            Text::new(
                "须为大于 0 且不超过 20037509 的米数",
                "must be more than 0 and at most 20037509 metres",
            ),
        )),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_trims_white_space_as_the_document_means_it() {
        assert_eq!(search_text("  商标 续展\u{3000}").unwrap(), "商标 续展");
        // Not white space to ECMAScript, so `\S` in the document allows it.
        assert_eq!(search_text("\u{85}").unwrap(), "\u{85}");
        // White space to ECMAScript only: the document refuses it, and so do we.
        assert!(search_text("\u{FEFF} \t").is_err());
        assert!(search_text("").is_err());
        assert!(search_text(&"字".repeat(201)).is_err());
    }
}
