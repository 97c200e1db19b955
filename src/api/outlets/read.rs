//! Reading the outlet directory: lists, one outlet, nearest outlets.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit, wants_geojson};
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::fields;
use crate::api::outlets::filter::{FilterParams, OutletFilter};
use crate::api::outlets::geojson::{outlet_page, OutletFeatureCollection};
use crate::api::outlets::json::{self, NearestItem};
use crate::api::outlets::ranked;
use crate::api::outlets::sparse_json::sparse_nearest_page;
use crate::api::regions::read::CoordQuery;
use crate::db;
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::cursor::{encode, AfterId, NearestCursor};
use crate::domain::outlet::Outlet;
use crate::domain::spatial::NearestQuery;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// Filters of the outlet list; all given ones must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutletListQuery {
    /// Only outlets of this kind.
    pub kind: Option<OutletKind>,
    /// Only outlets of this tier.
    pub tier: Option<Tier>,
    /// Only outlets in this region or any region under it.
    pub region: Option<String>,
    /// Only outlets with this status (default: all but `closed`).
    pub status: Option<OutletStatus>,
    /// Include closed outlets when no `status` is given.
    pub include_closed: Option<bool>,
    /// Words to search for (1 to 200 characters) in the name, kind, the
    /// service matters offered and the address, with the engine of
    /// `GET /search` (Chinese words, pinyin initials, English): the list is
    /// then the best matches (at most 1,000), best first.
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    pub q: Option<String>,
    /// `west,south,east,north` in `coord_sys`.
    pub bbox: Option<String>,
    /// Only outlets offering this service matter (code).
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) now, by their published hours.
    pub open_now: Option<bool>,
    /// Only outlets open at this instant (RFC 3339, e.g. `2026-10-10T10:00:00+08:00`).
    pub open_at: Option<String>,
    /// Only these members of each outlet, comma-separated (sparse answers for
    /// a marker layer, e.g. `id,name,location`); the items then hold just
    /// these members. Default: all.
    #[param(example = "id,name,location")]
    pub fields: Option<String>,
    /// Coordinate system of `bbox` and returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A nearest-outlet search; filters combine with AND and apply inside the search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NearestParams {
    /// Latitude of the point, in degrees.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude of the point, in degrees.
    #[param(minimum = -180, maximum = 180)]
    pub lng: f64,
    /// Coordinate system of the point, `bbox` and returned positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Only outlets at most this many metres away.
    #[param(exclusive_minimum = 0, maximum = 20037509)]
    pub radius_m: Option<f64>,
    /// Only outlets of this kind.
    pub kind: Option<OutletKind>,
    /// Only outlets of this tier.
    pub tier: Option<Tier>,
    /// Only outlets in this region or any region under it.
    pub region: Option<String>,
    /// Only outlets with this status (default: all but `closed`).
    pub status: Option<OutletStatus>,
    /// Include closed outlets when no `status` is given.
    pub include_closed: Option<bool>,
    /// `west,south,east,north` in `coord_sys`.
    pub bbox: Option<String>,
    /// Only outlets offering this service matter (code).
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) now, by their published hours.
    pub open_now: Option<bool>,
    /// Only outlets open at this instant (RFC 3339, e.g. `2026-10-10T10:00:00+08:00`).
    pub open_at: Option<String>,
    /// Only these members of each outlet, comma-separated (sparse answers for
    /// a marker layer, e.g. `id,name,location,distance_m`); the items then hold just
    /// these members. Default: all.
    #[param(example = "id,name,location,distance_m")]
    pub fields: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The outlet list, ordered by id (creation order), or with `q` the best
/// matches first.
#[utoipa::path(tag = "outlets", params(OutletListQuery), responses(
    (status = 200, description = "A page of outlets", content(
        (Page<OutletDto> = "application/json"), (OutletFeatureCollection = "application/geo+json"))),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/outlets")]
pub async fn list_outlets(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<OutletListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let (limit, sys) = (limit(q.limit)?, q.coord_sys.unwrap_or_default());
    let fields = fields::parse(q.fields.as_deref(), false)?;
    let (filter, region_codes, only_ids, ranked) = {
        let dir = state.directory();
        let filter = OutletFilter::from_params(&dir, q.filter_params(), sys, state.now())?;
        let codes = filter.region.map(|r| {
            dir.regions
                .descendants(r)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
        let only_ids = catalogue_ids(&dir, &filter);
        match q.q.as_deref() {
            None => (filter, codes, only_ids, None),
            Some(text) => {
                let found = ranked::intersect(ranked::ids(&dir, text)?, only_ids);
                (filter, codes, Some(found.clone()), Some(found))
            }
        }
    };
    // A ranked list pages by position, the plain one by id.
    let (after, offset) = match ranked {
        Some(_) => (None, ranked::offset(q.cursor.as_deref())?),
        None => (decode_cursor::<AfterId>(q.cursor.as_deref())?, 0),
    };
    let fetch = match ranked {
        Some(_) => ranked::MAX_FOUND + 1,
        None => limit + 1,
    };
    let opening_time = filter.open.map(|(t, _)| t);
    let rows = state
        .db(move |conn| {
            let statuses = filter.statuses();
            let list = db::outlets::ListFilter {
                kind: filter.kind.map(|k| k.as_str()),
                tier: filter.tier.map(|t| t.as_str()),
                statuses: statuses.iter().map(|s| s.as_str()).collect(),
                region_codes: region_codes
                    .as_ref()
                    .map(|c| c.iter().map(String::as_str).collect()),
                bbox: filter.bbox,
                after_id: after.as_ref().map(|a| a.id.as_str()),
                ids: only_ids
                    .as_ref()
                    .map(|ids| ids.iter().map(String::as_str).collect()),
                limit: fetch as i64,
            };
            Ok(db::outlets::list(conn, &list)?)
        })
        .await?;
    let (rows, ranked_next) = match &ranked {
        Some(order) => {
            let (rows, next) = ranked::page(rows, order, (offset, limit));
            (rows, Some(next))
        }
        None => (rows, None),
    };
    // Filtered by `open_at`, the opening shown is at that time.
    let (dir, now) = (state.directory(), opening_time.unwrap_or(state.now()));
    let mut items = rows
        .into_iter()
        .map(|r| {
            Ok(OutletDto::with_opening(
                &Outlet::try_from(r)?,
                sys,
                &dir,
                now,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let next = ranked_next.unwrap_or_else(|| {
        (items.len() > limit).then(|| {
            encode(&AfterId {
                id: items[limit - 1].id.clone(),
            })
        })
    });
    items.truncate(limit);
    Ok(match &fields {
        Some(fields) => fields::sparse_page(&req, items, next, fields),
        None => outlet_page(&req, items, next),
    })
}

/// One outlet.
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id"), CoordQuery), responses(
    (status = 200, description = "The outlet", body = OutletDto),
    (status = 404, description = "No such outlet", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}")]
pub async fn get_outlet(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let outlet = dir
        .outlets
        .get(&id)
        .ok_or_else(|| AppError::not_found(Resource::Outlet, &id))?;
    let sys = query.0.coord_sys.unwrap_or_default();
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::api::http::etag::etag(outlet.version()),
        ))
        .json(OutletDto::with_opening(
            &outlet.to_outlet(),
            sys,
            &dir,
            state.now(),
        )))
}

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
    let mut hits = dir.outlets.nearest(&search, |o, _| filter.accepts(o, &dir));
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

/// Ids the catalogue filters (matter, opening) allow, for the SQL list; `None` when unfiltered.
fn catalogue_ids(dir: &Directory, filter: &OutletFilter) -> Option<Vec<String>> {
    let by_matter: Option<Vec<String>> = filter.matter.as_deref().map(|m| dir.outlets_offering(m));
    let Some((t, open)) = filter.open else {
        return by_matter;
    };
    let candidates = by_matter.unwrap_or_else(|| dir.catalogue.hours.keys().cloned().collect());
    Some(
        candidates
            .into_iter()
            .filter(|id| dir.catalogue.is_open(id, t) == Ok(Some(open)))
            .collect(),
    )
}

/// Both queries carry the same filter fields under the same names.
macro_rules! filter_params {
    ($($query:ty),+) => {$(
        impl $query {
            fn filter_params(&self) -> FilterParams<'_> {
                FilterParams {
                    kind: self.kind,
                    tier: self.tier,
                    status: self.status,
                    include_closed: self.include_closed,
                    region: self.region.as_deref(),
                    bbox: self.bbox.as_deref(),
                    matter: self.matter.clone(),
                    open_now: self.open_now,
                    open_at: self.open_at.as_deref(),
                }
            }
        }
    )+};
}

filter_params!(OutletListQuery, NearestParams);
