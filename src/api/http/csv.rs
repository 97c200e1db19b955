//! CSV answers of report endpoints: asked for with `format=csv` or `Accept: text/csv`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

/// The form of a table answer: `json` (default) or `csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// JSON.
    Json,
    /// CSV, UTF-8 with a BOM.
    Csv,
}

/// Whether the request asks for CSV (`format=csv`, or `Accept: text/csv` without `format`).
pub fn wants_csv(req: &HttpRequest, format: Option<TableFormat>) -> bool {
    let accept = (req.headers().get(header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    format == Some(TableFormat::Csv) || (format.is_none() && accept.contains("text/csv"))
}

/// A CSV answer (UTF-8 with a BOM so spreadsheets read the Chinese) as a download named `file`.
pub fn csv(columns: &[&str], rows: Vec<Vec<String>>, file: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(crate::exchange::table::write(columns, rows))
}
