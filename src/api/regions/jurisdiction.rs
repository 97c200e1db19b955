//! "Which jurisdiction am I in" (属地) and region boundaries.

use actix_web::{get, put, web, HttpResponse};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::Admin;
use crate::api::http::dto::Location;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::GEO_JSON;
use crate::api::outlets::dto::OutletDto;
use crate::api::regions::dto::RegionDto;
use crate::api::regions::read::CoordQuery;
use crate::db;
use crate::domain::audit::{Change, Who};
use crate::domain::boundary::{boundary_from_geojson, boundary_to_geojson};
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::vocab::{OutletStatus, Tier};
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// A point to locate.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LocateQuery {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lng: f64,
    /// Coordinate system of `lat`/`lng` and of returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
}

/// How a region of the chain was found.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocateMethod {
    /// Inside an imported boundary polygon.
    Boundary,
    /// No boundary: the region whose seat is nearest within its parent.
    NearestSeat,
}

/// One tier of the jurisdiction chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct JurisdictionLevel {
    /// The tier this region stands for.
    pub tier: Tier,
    /// The region.
    pub region: RegionDto,
    /// True when located by nearest seat rather than a boundary.
    pub approximate: bool,
    /// How it was located.
    pub method: LocateMethod,
    /// Outlets registered in this region that are not closed (属地负责网点).
    pub outlets: Vec<OutletDto>,
}

/// Where a point is, smallest region first.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocateResponse {
    /// The point, in the requested `coord_sys`.
    pub location: Location,
    /// Park → county → city → province (levels that do not exist are left out).
    pub chain: Vec<JurisdictionLevel>,
}

/// Locates a point in the region tree and lists the outlets responsible at each tier.
#[utoipa::path(tag = "regions", params(LocateQuery), responses(
    (status = 200, description = "The jurisdiction chain", body = LocateResponse),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "The point is in no known region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/locate")]
pub async fn locate(
    state: web::Data<AppState>,
    query: ValidQuery<LocateQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let sys = q.coord_sys.unwrap_or_default();
    let point = sys
        .to_wgs84(q.lng, q.lat)
        .map_err(|e| crate::api::http::params::point_error(e, q.lat))?;
    let chain: Vec<_> = {
        let dir = state.directory();
        let found = dir.regions.locate(point);
        found
            .into_iter()
            .map(|l| {
                (
                    RegionDto::new(dir.regions.region(l.index), sys),
                    l.approximate,
                )
            })
            .collect()
    };
    if chain.is_empty() {
        return Err(AppError::not_found(
            Resource::Region,
            format!("{},{}", q.lng, q.lat),
        ));
    }
    let codes: Vec<String> = chain.iter().map(|(r, _)| r.code.clone()).collect();
    let rows = state
        .db(move |conn| {
            Ok(db::outlets::in_regions(
                conn,
                &codes.iter().map(String::as_str).collect::<Vec<_>>(),
            )?)
        })
        .await?;
    let outlets = rows
        .into_iter()
        .map(Outlet::try_from)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (dir, now) = (state.directory(), state.now());
    let chain = chain
        .into_iter()
        .map(|(region, approximate)| JurisdictionLevel {
            tier: region.tier,
            outlets: outlets
                .iter()
                .filter(|o| o.region_code == region.code && o.status != OutletStatus::Closed)
                .map(|o| OutletDto::with_opening(o, sys, &dir, now))
                .collect(),
            method: if approximate {
                LocateMethod::NearestSeat
            } else {
                LocateMethod::Boundary
            },
            approximate,
            region,
        })
        .collect();
    Ok(HttpResponse::Ok().json(LocateResponse {
        location: Location::from_wgs84(point, sys),
        chain,
    }))
}

/// A region's boundary as a GeoJSON MultiPolygon.
#[utoipa::path(tag = "regions", params(("code" = String, Path, description = "Region code"), CoordQuery), responses(
    (status = 200, description = "GeoJSON MultiPolygon", content_type = "application/geo+json", body = Object,
        example = json!({"type": "MultiPolygon", "coordinates": [[[[112.24, 37.28], [112.46, 37.28], [112.46, 37.44], [112.24, 37.44], [112.24, 37.28]]]]})),
    (status = 404, description = "No such region, or no boundary", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/{code}/boundary")]
pub async fn get_boundary(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let region = dir
        .regions
        .get(&code)
        .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
    let shape = region
        .boundary
        .as_ref()
        .ok_or_else(|| AppError::not_found(Resource::Boundary, &code))?;
    let body = boundary_to_geojson(shape, query.0.coord_sys.unwrap_or_default());
    Ok(HttpResponse::Ok().content_type(GEO_JSON).json(body))
}

/// Imports or replaces a region's boundary (admin). Takes a GeoJSON Polygon,
/// MultiPolygon or a Feature holding one, in `coord_sys`; up to 16 MiB.
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
