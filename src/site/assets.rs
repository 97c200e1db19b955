//! Scripts, styles and the icon of the pages, embedded in the binary.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::error::AppError;

/// (name, content type, content) of every asset.
const ASSETS: [(&str, &str, &str); 10] = [
    ("style.css", "text/css", include_str!("assets/style.css")),
    (
        "common.js",
        "text/javascript",
        include_str!("assets/common.js"),
    ),
    ("map.js", "text/javascript", include_str!("assets/map.js")),
    (
        "finder.js",
        "text/javascript",
        include_str!("assets/finder.js"),
    ),
    (
        "outlet.js",
        "text/javascript",
        include_str!("assets/outlet.js"),
    ),
    ("file.js", "text/javascript", include_str!("assets/file.js")),
    (
        "status.js",
        "text/javascript",
        include_str!("assets/status.js"),
    ),
    (
        "console.js",
        "text/javascript",
        include_str!("assets/console.js"),
    ),
    (
        "charts.js",
        "text/javascript",
        include_str!("assets/charts.js"),
    ),
    ("icon.svg", "image/svg+xml", include_str!("assets/icon.svg")),
];

/// One asset, cached for an hour (they change with the binary).
pub async fn asset(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, kind, body) = (ASSETS.iter())
        .find(|(n, _, _)| *n == name.as_str())
        .ok_or(AppError::NoRoute)?;
    Ok(HttpResponse::Ok()
        .content_type(format!("{kind}; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(*body))
}
