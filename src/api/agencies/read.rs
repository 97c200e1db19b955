//! Public reads of the register: search with filters, nearest, one profile.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::{AgencyDto, AgencyProfile, RecordDto};
use crate::agencies::profile::{self, Search};
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{bounded_limit, point_error};
use crate::db;
use crate::domain::agencies::credit::CreditGrade;
use crate::domain::agencies::AgencyKind;
use crate::domain::coords::CoordSys;
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// What to find.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgenciesQuery {
    /// Words in the name, or a credit code.
    pub q: Option<String>,
    /// Offering this kind.
    pub kind: Option<AgencyKind>,
    /// In this region or under it.
    pub region: Option<String>,
    /// With this current grade (`A+`, `A`, `B`, `C`, `D`).
    pub grade: Option<CreditGrade>,
    /// On a list now (`true`) or not (`false`).
    pub listed: Option<bool>,
    /// Default `wgs84`.
    pub coord_sys: Option<CoordSys>,
}

/// Agencies.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agencies {
    /// By id.
    pub items: Vec<AgencyDto>,
}

/// Searches the register (public): grade and any current listing beside each agency.
#[utoipa::path(tag = "agencies", params(AgenciesQuery), responses(
    (status = 200, description = "Agencies", body = Agencies),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/agencies")]
pub async fn list_agencies(
    state: web::Data<AppState>,
    q: ValidQuery<AgenciesQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.0;
    let regions = match &q.region {
        None => None,
        Some(code) => {
            let dir = state.directory();
            let i = dir
                .regions
                .index_of(code)
                .ok_or_else(|| AppError::not_found(Resource::Region, code))?;
            Some(
                dir.regions
                    .descendants(i)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            )
        }
    };
    let search = Search {
        q: q.q,
        kind: q.kind,
        regions,
        grade: q.grade,
        listed: q.listed,
    };
    let found = state.db(move |conn| profile::search(conn, &search)).await?;
    let sys = q.coord_sys.unwrap_or_default();
    Ok(HttpResponse::Ok().json(Agencies {
        items: found.iter().map(|p| AgencyDto::new(p, sys)).collect(),
    }))
}

/// Where to look.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NearestAgenciesQuery {
    /// Latitude in `coord_sys`.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude in `coord_sys`.
    #[param(minimum = -180, maximum = 180)]
    pub lng: f64,
    /// Default `wgs84`.
    pub coord_sys: Option<CoordSys>,
    /// Offering this kind.
    pub kind: Option<AgencyKind>,
    /// At most this many, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

/// An agency and how far it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearbyAgency {
    /// The agency.
    #[serde(flatten)]
    pub agency: AgencyDto,
    /// Metres from the point.
    pub distance_m: f64,
}

/// Nearby agencies.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearbyAgencies {
    /// Nearest first.
    pub items: Vec<NearbyAgency>,
}

/// The agencies nearest a point (public; those with a known site, not deregistered).
#[utoipa::path(tag = "agencies", params(NearestAgenciesQuery), responses(
    (status = 200, description = "Agencies", body = NearbyAgencies),
    (status = 400, description = "Bad position or limit", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/agencies/nearest")]
pub async fn nearest_agencies(
    state: web::Data<AppState>,
    q: ValidQuery<NearestAgenciesQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.0;
    let sys = q.coord_sys.unwrap_or_default();
    let at = sys
        .to_wgs84(q.lng, q.lat)
        .map_err(|e| point_error(e, q.lat))?;
    let limit = bounded_limit(q.limit, 10, 50)?;
    let search = Search {
        kind: q.kind,
        ..Default::default()
    };
    let found = state.db(move |conn| profile::search(conn, &search)).await?;
    let mut near: Vec<NearbyAgency> = (found.iter())
        .filter(|p| p.agency.draft.status != crate::domain::agencies::AgencyStatus::Deregistered)
        .filter_map(|p| {
            let d = p.agency.location?.distance_m(at);
            Some(NearbyAgency {
                agency: AgencyDto::new(p, sys),
                distance_m: (d * 10.0).round() / 10.0,
            })
        })
        .collect();
    near.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    near.truncate(limit);
    Ok(HttpResponse::Ok().json(NearbyAgencies { items: near }))
}

/// The system of the answered site.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoordQuery {
    /// Default `wgs84`.
    pub coord_sys: Option<CoordSys>,
}

/// An agency's profile.
///
/// Public: credit records with sources, grade, current listings, and
/// complaints counted by state.
#[utoipa::path(tag = "agencies", params(("id" = String, Path, description = "Agency id"), CoordQuery), responses(
    (status = 200, description = "The profile", body = AgencyProfile),
    (status = 404, description = "No such agency", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/agencies/{id}")]
pub async fn get_agency(
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let (found, complaints) = state
        .db(move |conn| {
            let agency = db::agencies::find(conn, &id)?
                .ok_or_else(|| AppError::not_found(Resource::Agency, &id))?;
            let complaints = profile::complaints(conn, &agency.id)?;
            Ok((profile::profiles(conn, vec![agency])?.remove(0), complaints))
        })
        .await?;
    let agency = AgencyDto::new(&found, q.0.coord_sys.unwrap_or_default());
    let records = found
        .records
        .into_iter()
        .map(|(id, record)| RecordDto { id, record })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::ETAG,
            crate::api::http::etag::etag(agency.version),
        ))
        .json(AgencyProfile {
            agency,
            records,
            complaints,
        }))
}
