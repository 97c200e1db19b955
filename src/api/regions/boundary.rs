//! One region's boundary: read (any coordinate system, optionally
//! simplified for maps) and replace (admin).

use actix_web::{get, put, web, HttpResponse};
use chrono::Utc;
use geo::Simplify;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::auth::Admin;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::GEO_JSON;
use crate::api::regions::dto::RegionDto;
use crate::api::regions::read::CoordQuery;
use crate::db;
use crate::domain::audit::{Change, Who};
use crate::domain::boundary::{boundary_from_geojson, boundary_to_geojson};
use crate::domain::coords::CoordSys;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

/// Metres per degree of latitude, to turn `simplify` into degrees.
const METRES_PER_DEGREE: f64 = 111_320.0;

/// How to return a boundary.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoundaryQuery {
    /// Coordinate system of the positions returned (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// For map display: drop vertices that move the outline less than this
    /// many metres (Douglas–Peucker, taken as metres of latitude; east–west
    /// detail is kept a little finer, by 1/cos(latitude)). 1 to 100,000.
    #[param(minimum = 1, maximum = 100000)]
    pub simplify: Option<f64>,
}

/// A region's boundary as a GeoJSON MultiPolygon.
#[utoipa::path(tag = "regions", params(("code" = String, Path, description = "Region code"), BoundaryQuery), responses(
    (status = 200, description = "GeoJSON MultiPolygon", content_type = "application/geo+json", body = Object,
        example = json!({"type": "MultiPolygon", "coordinates": [[[[112.24, 37.28], [112.46, 37.28], [112.46, 37.44], [112.24, 37.44], [112.24, 37.28]]]]})),
    (status = 404, description = "No such region, or no boundary", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/{code}/boundary")]
pub async fn get_boundary(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<BoundaryQuery>,
) -> Result<HttpResponse, AppError> {
    let tolerance = match query.0.simplify {
        None => None,
        Some(m) if (1.0..=100_000.0).contains(&m) => Some(m / METRES_PER_DEGREE),
        Some(_) => {
            let reason = Text::new("须为 1 到 100000 米", "must be 1 to 100,000 metres");
            return Err(AppError::bad_request("simplify", reason));
        }
    };
    let dir = state.directory();
    let region = dir
        .regions
        .get(&code)
        .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
    let shape = region
        .boundary
        .as_ref()
        .ok_or_else(|| AppError::not_found(Resource::Boundary, &code))?;
    let sys = query.0.coord_sys.unwrap_or_default();
    let body = match tolerance {
        Some(epsilon) => boundary_to_geojson(&shape.simplify(epsilon), sys),
        None => boundary_to_geojson(shape, sys),
    };
    Ok(HttpResponse::Ok().content_type(GEO_JSON).json(body))
}

/// Imports or replaces a region's boundary (admin).
///
/// Takes a GeoJSON Polygon, MultiPolygon or a Feature holding one, in
/// `coord_sys`; up to 16 MiB.
#[utoipa::path(tag = "regions", params(("code" = String, Path, description = "Region code"), CoordQuery),
    request_body(content = Object, content_type = "application/geo+json", description = "GeoJSON Polygon, MultiPolygon or Feature"),
    security(("api_key" = [])),
    responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "The region, now with a boundary", body = RegionDto),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a valid polygon", body = crate::error::Problem, content_type = "application/problem+json")))]
#[put("/regions/{code}/boundary")]
pub async fn put_boundary(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<CoordQuery>,
    body: ValidJson<serde_json::Value, { 16 * 1024 * 1024 }>,
) -> Result<HttpResponse, AppError> {
    let code = code.into_inner();
    let index = state
        .directory()
        .regions
        .index_of(&code)
        .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
    let shape = boundary_from_geojson(body.0, query.0.coord_sys.unwrap_or_default())
        .map_err(|r| AppError::invalid("body", r))?;
    let text = boundary_to_geojson(&shape, CoordSys::Wgs84).to_string();
    let stored_code = code.clone();
    let had = state.directory().regions.region(index).boundary.is_some();
    let change = Change::new("boundary.replace", "boundary", &code)
        .before(serde_json::json!({ "had_boundary": had }))
        .after(serde_json::json!({
            "polygons": shape.0.len(),
            "points": geo::CoordsIter::coords_count(&shape),
        }));
    let who = Who::from(&admin);
    state
        .write(move |conn| {
            let logged = (db::changes::entity::REGION, stored_code.as_str());
            db::changes::write_logged(conn, logged, |conn| {
                let now = Utc::now().naive_utc();
                db::regions::set_boundary(conn, &stored_code, Some(&text), now)?;
                Ok(db::audit::record(conn, &who, &change, now)?)
            })
        })
        .await?;
    let mut dir = state.directory_mut();
    dir.regions.set_boundary(index, Some(shape));
    Ok(HttpResponse::Ok().json(RegionDto::new(
        dir.regions.region(index),
        query.0.coord_sys.unwrap_or_default(),
    )))
}
