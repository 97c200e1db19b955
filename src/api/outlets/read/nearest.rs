//! The outlets nearest a point.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::NearestParams;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit, wants_geojson};
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::fields;
use crate::api::outlets::filter::OutletFilter;
use crate::api::outlets::geojson::{outlet_page, OutletFeatureCollection};
use crate::api::outlets::json::{self, NearestItem};
use crate::api::outlets::sparse_json::sparse_nearest_page;
use crate::domain::cursor::{encode, NearestCursor};
use crate::domain::spatial::NearestQuery;
use crate::error::AppError;
use crate::state::AppState;

/// The outlets nearest a point by great-circle distance, each with `distance_m`.
#[utoipa::path(tag = "outlets", params(NearestParams), responses(
    (status = 200, description = "Nearest first", content(
        (Page<OutletDto> = "application/json"), (OutletFeatureCollection = "application/geo+json"))),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/outlets/nearest")]
pub async fn nearest_outlets(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<NearestParams>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let sys = q.coord_sys.unwrap_or_default();
    let origin = sys
        .to_wgs84(q.lng, q.lat)
        .map_err(|e| crate::api::http::params::point_error(e, q.lat))?;
    let radius_m = crate::api::http::params::radius(q.radius_m)?;
    let page = limit(q.limit)?;
    let fields = fields::parse(q.fields.as_deref(), true)?;
    // One more than a page: a cursor only when there is a next page.
    let search = NearestQuery {
        origin,
        limit: page + 1,
        radius_m,
        after: decode_cursor::<NearestCursor>(q.cursor.as_deref())?,
    };
    let dir = state.directory();
    let filter = OutletFilter::from_params(&dir, q.filter_params(), sys, state.now())?;
    let now = filter.open.map_or(state.now(), |(t, _)| t);
    let mut hits = dir.outlets.nearest(&search, |o| filter.accepts(o, &dir));
    let more = hits.len() > page;
    hits.truncate(page);
    let next = more
        .then(|| {
            hits.last().map(|h| {
                encode(&NearestCursor {
                    d: h.distance_m,
                    id: h.id.to_owned(),
                })
            })
        })
        .flatten();
    let items: Vec<NearestItem> = hits
        .iter()
        .map(|h| NearestItem {
            outlet: h.payload,
            distance_m: h.distance_m,
        })
        .collect();
    if wants_geojson(&req) {
        let dtos = json::nearest_dtos(&items, (sys, &dir, now));
        return Ok(match &fields {
            Some(fields) => fields::sparse_page(&req, dtos, next, fields),
            None => outlet_page(&req, dtos, next),
        });
    }
    let body = match &fields {
        Some(fields) => sparse_nearest_page(&items, next.as_deref(), fields, (sys, &dir, now)),
        None => json::nearest_page(&items, next.as_deref(), (sys, &dir, now)),
    };
    Ok(HttpResponse::Ok()
        .content_type(mime::APPLICATION_JSON)
        .body(body))
}
