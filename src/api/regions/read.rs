//! Regions (行政区划): the tree, and "which jurisdiction am I in".

use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit};
use crate::api::regions::dto::RegionDto;
use crate::domain::coords::CoordSys;
use crate::domain::cursor::{encode, AfterId};
use crate::domain::vocab::RegionLevel;
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// Filters of the region list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegionListQuery {
    /// Only regions of this level.
    pub level: Option<RegionLevel>,
    /// Only the direct children of this region code.
    pub parent: Option<String>,
    /// Substring of the Chinese name.
    pub q: Option<String>,
    /// Coordinate system of the returned seats (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The coordinate system of returned positions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoordQuery {
    /// Coordinate system of positions in the request and response (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
}

/// Lists regions in code order.
#[utoipa::path(tag = "regions", params(RegionListQuery), responses(
    (status = 200, description = "A page of regions", body = Page<RegionDto>),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No region has the code given as `parent`", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions")]
pub async fn list_regions(
    state: web::Data<AppState>,
    query: ValidQuery<RegionListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let (limit, sys) = (limit(q.limit)?, q.coord_sys.unwrap_or_default());
    let after: Option<AfterId> = decode_cursor(q.cursor.as_deref())?;
    let dir = state.directory();
    let parent = q
        .parent
        .as_deref()
        .map(|p| {
            dir.regions
                .index_of(p)
                .ok_or_else(|| AppError::not_found(Resource::Region, p))
        })
        .transpose()?;
    let mut items: Vec<RegionDto> = dir
        .regions
        .iter()
        .filter(|(i, r)| {
            q.level.is_none_or(|l| l == r.level)
                && parent.is_none_or(|p| dir.regions.ancestors(*i).nth(1) == Some(p))
                && q.q.as_deref().is_none_or(|text| r.name.contains(text))
                && after.as_ref().is_none_or(|a| r.code > a.id)
        })
        .take(limit + 1)
        .map(|(_, r)| RegionDto::new(r, sys))
        .collect();
    let next = (items.len() > limit).then(|| {
        encode(&AfterId {
            id: items[limit - 1].code.clone(),
        })
    });
    items.truncate(limit);
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: next,
    }))
}

/// One region.
#[utoipa::path(tag = "regions", params(("code" = String, Path, description = "Region code"), CoordQuery), responses(
    (status = 200, description = "The region", body = RegionDto),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/{code}")]
pub async fn get_region(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let region = dir
        .regions
        .get(&code)
        .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
    Ok(HttpResponse::Ok().json(RegionDto::new(
        region,
        query.0.coord_sys.unwrap_or_default(),
    )))
}

/// The direct children of a region (all on one page).
#[utoipa::path(tag = "regions", params(("code" = String, Path, description = "Region code"), CoordQuery), responses(
    (status = 200, description = "The children", body = Page<RegionDto>),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/{code}/children")]
pub async fn region_children(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let index = dir
        .regions
        .index_of(&code)
        .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
    let sys = query.0.coord_sys.unwrap_or_default();
    let items = dir
        .regions
        .children(Some(index))
        .iter()
        .map(|&c| RegionDto::new(dir.regions.region(c), sys))
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
