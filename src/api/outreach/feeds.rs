//! Public feeds of upcoming events: the nearest to a point, and an iCalendar
//! feed per region that calendar apps subscribe to.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::events::organiser;
use super::jsonld::EventLd;
use crate::api::http::dto::Location;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{bounded_limit, point_error, NoQuery};
use crate::db::outreach;
use crate::domain::coords::CoordSys;
use crate::domain::outreach::ical;
use crate::domain::outreach::vocab::EventStatus;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::outreach::events;
use crate::state::AppState;

/// Where to look.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NearestQuery {
    /// Latitude in `coord_sys`.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude in `coord_sys`.
    #[param(minimum = -180, maximum = 180)]
    pub lng: f64,
    /// Default `wgs84`.
    pub coord_sys: Option<CoordSys>,
    /// Radius in km, 0.1 to 500 (default 50).
    #[param(minimum = 0.1, maximum = 500)]
    pub within_km: Option<f64>,
    /// At most this many, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

/// An upcoming event near the point.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearbyEvent {
    /// The event as schema.org JSON-LD.
    pub event: EventLd,
    /// The venue in the requested `coord_sys`.
    pub location: Option<Location>,
    /// Metres from the point.
    #[schema(example = 1250.0)]
    pub distance_m: f64,
}

/// Upcoming events near a point.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearbyEvents {
    /// Nearest first.
    pub items: Vec<NearbyEvent>,
}

/// Upcoming events (not over, not cancelled) with a venue near a point, nearest first (public).
#[utoipa::path(tag = "outreach", params(NearestQuery), responses(
    (status = 200, description = "Events", body = NearbyEvents),
    (status = 400, description = "Bad position, radius or limit", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/events/nearest")]
pub async fn nearest_events(
    state: web::Data<AppState>,
    q: ValidQuery<NearestQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.0;
    let sys = q.coord_sys.unwrap_or_default();
    let at = sys
        .to_wgs84(q.lng, q.lat)
        .map_err(|e| point_error(e, q.lat))?;
    let within_km = q.within_km.unwrap_or(50.0);
    if !(0.1..=500.0).contains(&within_km) {
        return Err(AppError::bad_request(
            "within_km",
            Text::new("须为 0.1 到 500", "must be from 0.1 to 500"),
        ));
    }
    let limit = bounded_limit(q.limit, 10, 50)?;
    let now = state.now();
    let found = state
        .db(move |conn| events::nearest(conn, at, within_km * 1000.0, (now, limit)))
        .await?;
    let dir = state.directory();
    let items = (found.into_iter())
        .map(|(e, d)| NearbyEvent {
            location: e.location.map(|p| Location::from_wgs84(p, sys)),
            event: EventLd::new(&e, organiser(&dir, &e)),
            distance_m: (d * 10.0).round() / 10.0,
        })
        .collect();
    Ok(HttpResponse::Ok().json(NearbyEvents { items }))
}

/// A region's events as an iCalendar feed.
///
/// The upcoming events in a region and the regions under it as an iCalendar
/// feed (RFC 5545) that calendar apps can subscribe to (public).
#[utoipa::path(tag = "outreach", params(("code" = String, Path, description = "Region code")), responses(
    (status = 200, description = "The feed", content_type = "text/calendar", body = String, example = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…"),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/regions/{code}/events.ics")]
pub async fn region_events_ics(
    state: web::Data<AppState>,
    code: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let (codes, name) = {
        let dir = state.directory();
        let i = dir
            .regions
            .index_of(&code)
            .ok_or_else(|| AppError::not_found(Resource::Region, &code))?;
        let codes: Vec<String> = dir
            .regions
            .descendants(i)
            .into_iter()
            .map(str::to_owned)
            .collect();
        (codes, dir.regions.region(i).name.clone())
    };
    let now = state.now();
    let mut upcoming = state
        .db(move |conn| Ok(outreach::upcoming(conn, now.naive_utc(), Some(&codes))?))
        .await?;
    upcoming.retain(|e| e.draft.status != EventStatus::Cancelled);
    let body = ical::calendar(
        &format!("{name}知识产权服务活动"),
        &upcoming,
        now,
        |id| format!("/api/v1/events/{id}"),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(body))
}
