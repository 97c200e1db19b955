//! "Which jurisdiction am I in" (属地).

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::dto::Location;
use crate::api::http::extract::ValidQuery;
use crate::api::outlets::dto::OutletDto;
use crate::api::regions::dto::RegionDto;
use crate::db;
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
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude in degrees.
    #[param(minimum = -180, maximum = 180)]
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
