//! `GET /export/{dataset}.csv`: a dataset as a spreadsheet file.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::DataExporter;
use crate::api::http::extract::ValidQuery;
use crate::domain::coords::CoordSys;
use crate::error::{AppError, Resource};
use crate::exchange::{export, Dataset};
use crate::state::AppState;

/// Coordinate system of the file.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Coordinate system of positions in the file (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
}

/// The dataset named in a path (404 for another name).
pub fn dataset(name: &str) -> Result<Dataset, AppError> {
    name.parse()
        .map_err(|_| AppError::not_found(Resource::Dataset, name))
}

/// Downloads a dataset as CSV.
///
/// For admins and auditors. UTF-8 with a byte order mark
/// so spreadsheet programs read the Chinese, CRLF line ends, the columns in a
/// fixed order and the rows in key order, positions to six decimals.
/// `regions` holds regions and parks, `outlets` every outlet (closed ones
/// too), `matters` the service matters (lists and time limits as JSON cells),
/// `hours` the opening hours of outlets that are not closed. What is exported
/// imports unchanged with `POST /api/v1/import/{dataset}`.
#[utoipa::path(tag = "exchange", params(("dataset" = String, Path, description = "`regions`, `outlets`, `matters` or `hours`"), ExportQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOrAuditor,
    (status = 200, description = "The file", content_type = "text/csv", body = String,
        example = "\u{feff}outlet_id,mon,tue,wed,thu,fri,sat,sun,closed_on_holidays,open_on_makeup_days,exceptions,note\r\n"),
    (status = 404, description = "No such dataset", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/export/{dataset}.csv")]
pub async fn export_dataset(
    _caller: DataExporter,
    state: web::Data<AppState>,
    name: web::Path<String>,
    query: ValidQuery<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let dataset = dataset(&name)?;
    let sys = query.0.coord_sys.unwrap_or_default();
    let handle = state.directory_handle();
    let bytes = web::block(move || export(&handle.read(), dataset, sys))
        .await
        .map_err(anyhow::Error::from)?;
    let file = format!("attachment; filename=\"{}.csv\"", dataset.as_str());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, file))
        .body(bytes))
}
