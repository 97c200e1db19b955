//! HSDS services, organizations, locations and service_at_locations: lists
//! (paged or NDJSON) and single objects by id.

use actix_web::{get, web, HttpResponse};

use super::list::{answer, matches, ListQuery};
use super::map;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::directory::catalogue::MatterRecord;
use crate::directory::outlet_texts::Details;
use crate::directory::Directory;
use crate::directory::IndexedOutlet;
use crate::domain::calendar::local_date;
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// (matter code, outlet id) of every matter offered at an outlet, by outlet then matter.
fn offered(dir: &Directory, q: &ListQuery) -> Result<Vec<(String, String)>, AppError> {
    let (search, after) = (q.search(), q.modified_after()?);
    let mut outlets: Vec<_> = dir.outlets.payloads().collect();
    outlets.sort_by(|a, b| a.id_order().cmp(b.id_order()));
    let mut keys = Vec::new();
    for o in outlets {
        if q.organization_id
            .as_deref()
            .is_some_and(|org| map::id("organization", o.id()) != org)
        {
            continue;
        }
        let d = searched(&search, o);
        let [name, _, address] = outlet_texts(d.as_ref());
        for m in dir.catalogue.matters_of((o.id(), o.kind())) {
            let g = &m.guide;
            let texts = [
                g.name.as_str(),
                g.name_en.as_deref().unwrap_or(""),
                &g.description,
                name,
                address,
            ];
            if matches(&search, &texts) && after.is_none_or(|t| map::modified(m, o) >= t) {
                keys.push((m.code.clone(), o.id().to_owned()));
            }
        }
    }
    Ok(keys)
}

/// An outlet's details, read out of its record only for a search: without
/// one every outlet matches, and a list of a million would decode them all.
fn searched<'a>(search: &Option<String>, o: &'a IndexedOutlet) -> Option<Details<'a>> {
    search.as_ref().map(|_| o.details())
}

/// Name, English name and address as searched ("" without details).
fn outlet_texts<'a>(d: Option<&'a Details<'_>>) -> [&'a str; 3] {
    d.map_or(["", "", ""], |d| {
        [d.name(), d.name_en().unwrap_or(""), d.address()]
    })
}

/// The first (matter, outlet) offered that `matches`.
fn find_offered(
    dir: &Directory,
    matches: impl Fn(&MatterRecord, &IndexedOutlet) -> bool,
) -> Option<(&MatterRecord, &IndexedOutlet)> {
    (dir.outlets.payloads())
        .flat_map(|o| {
            dir.catalogue
                .matters_of((o.id(), o.kind()))
                .map(move |m| (m, &**o))
        })
        .find(|(m, o)| matches(m, o))
}

/// Outlet ids in order, filtered.
fn outlets(dir: &Directory, q: &ListQuery) -> Result<Vec<String>, AppError> {
    let (search, after) = (q.search(), q.modified_after()?);
    let mut ids: Vec<String> = (dir.outlets.payloads())
        .filter(|o| matches(&search, &outlet_texts(searched(&search, o).as_ref())))
        .filter(|o| after.is_none_or(|t| o.updated_at() >= t))
        .filter(|o| {
            q.organization_id
                .as_deref()
                .is_none_or(|org| map::id("organization", o.id()) == org)
        })
        .map(|o| o.id().to_owned())
        .collect();
    ids.sort();
    Ok(ids)
}

fn pair<'a>(
    dir: &'a Directory,
    (code, id): &(String, String),
) -> Option<(&'a MatterRecord, &'a IndexedOutlet)> {
    Some((dir.catalogue.matters.get(code)?, &**dir.outlets.get(id)?))
}

/// Services: every service matter at every outlet offering it (public).
#[utoipa::path(tag = "hsds", params(ListQuery), responses(
    (status = 200, description = "A page of services (HSDS `service_list`), or NDJSON with `format=ndjson`", content((super::list::HsdsPage = "application/json"), (String = "application/x-ndjson"))),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/services")]
pub async fn hsds_services(
    state: web::Data<AppState>,
    q: ValidQuery<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let keys = offered(&state.directory(), &q.0)?;
    answer(
        state.directory_handle(),
        &q.0,
        (keys, local_date(state.now())),
        |dir, k, _| pair(dir, k).map_or(serde_json::Value::Null, |p| map::service(dir, p, None)),
    )
}

/// One service, with what it links to (public).
///
/// The service with its organization, service_at_location and location,
/// phones and required documents.
#[utoipa::path(tag = "hsds", params(("id" = String, Path, description = "Service id")), responses(
    (status = 200, description = "The service (HSDS `service`)", body = Object,
        example = json!({"id": "0b6f3c1e-5d2a-5f7e-9a41-2c8d7e6f1a90", "organization_id": "5e1d2c3b-4a59-5687-9abc-def012345678", "name": "商标注册申请（晋中市商标业务受理窗口）", "status": "active", "fees_description": "按国家规定标准收费", "last_modified": "2026-12-01T08:00:00Z", "service_at_locations": [{"id": "7c2e…", "location": {"id": "…", "location_type": "physical", "latitude": 37.69, "longitude": 112.75}}]})),
    (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json")))]
#[get("/services/{id}")]
pub async fn hsds_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let found = find_offered(&dir, |m, o| map::service_id(&m.code, o.id()) == *id);
    let (m, o) = found.ok_or_else(|| AppError::not_found(Resource::Service, &id))?;
    Ok(HttpResponse::Ok().json(map::service(&dir, (m, o), Some(local_date(state.now())))))
}

/// Service-at-locations: where each service is offered (public).
#[utoipa::path(tag = "hsds", params(ListQuery), responses(
    (status = 200, description = "A page of service_at_locations (HSDS `service_at_location_list`), or NDJSON with `format=ndjson`", content((super::list::HsdsPage = "application/json"), (String = "application/x-ndjson"))),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/service_at_locations")]
pub async fn hsds_service_at_locations(
    state: web::Data<AppState>,
    q: ValidQuery<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let keys = offered(&state.directory(), &q.0)?;
    answer(
        state.directory_handle(),
        &q.0,
        (keys, local_date(state.now())),
        |dir, k, _| {
            pair(dir, k).map_or(serde_json::Value::Null, |p| {
                map::service_at_location(dir, p, None)
            })
        },
    )
}

/// One service_at_location with its location (public).
#[utoipa::path(tag = "hsds", params(("id" = String, Path, description = "Service-at-location id")), responses(
    (status = 200, description = "The service_at_location (HSDS)", body = Object,
        example = json!({"id": "7c2e9d4a-1b3c-5d6e-8f90-a1b2c3d4e5f6", "service_id": "0b6f3c1e-5d2a-5f7e-9a41-2c8d7e6f1a90", "location_id": "3f1a…", "description": "商标注册申请在晋中市商标业务受理窗口办理"})),
    (status = 404, description = "No such service_at_location", body = Problem, content_type = "application/problem+json")))]
#[get("/service_at_locations/{id}")]
pub async fn hsds_service_at_location(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let found = find_offered(&dir, |m, o| {
        map::id("service_at_location", &format!("{}/{}", m.code, o.id())) == *id
    });
    let (m, o) = found.ok_or_else(|| AppError::not_found(Resource::Service, &id))?;
    Ok(HttpResponse::Ok().json(map::service_at_location(
        &dir,
        (m, o),
        Some(local_date(state.now())),
    )))
}

/// Organizations: the institution running each outlet (public).
#[utoipa::path(tag = "hsds", params(ListQuery), responses(
    (status = 200, description = "A page of organizations (HSDS `organization_list`), or NDJSON with `format=ndjson`", content((super::list::HsdsPage = "application/json"), (String = "application/x-ndjson"))),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/organizations")]
pub async fn hsds_organizations(
    state: web::Data<AppState>,
    q: ValidQuery<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let keys = outlets(&state.directory(), &q.0)?;
    answer(
        state.directory_handle(),
        &q.0,
        (keys, local_date(state.now())),
        |dir, id, _| {
            dir.outlets.get(id).map_or(serde_json::Value::Null, |o| {
                let mut org = map::organization(dir, o);
                org.as_object_mut().map(|m| m.remove("phones"));
                org
            })
        },
    )
}

/// One organization with its phones and location (public).
#[utoipa::path(tag = "hsds", params(("id" = String, Path, description = "Organization id")), responses(
    (status = 200, description = "The organization (HSDS)", body = Object,
        example = json!({"id": "5e1d2c3b-4a59-5687-9abc-def012345678", "name": "晋中市知识产权公共服务中心", "description": "知识产权公共服务中心（晋中市）", "locations": [{"id": "…", "location_type": "physical"}]})),
    (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json")))]
#[get("/organizations/{id}")]
pub async fn hsds_organization(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let o = (dir.outlets.payloads())
        .find(|o| map::id("organization", o.id()) == *id)
        .ok_or_else(|| AppError::not_found(Resource::Organization, &id))?;
    let mut org = map::organization(&dir, o);
    org["locations"] = serde_json::json!([map::location(&dir, o, local_date(state.now()))]);
    Ok(HttpResponse::Ok().json(org))
}

/// Locations: every outlet's site with its hours as schedules (public).
#[utoipa::path(tag = "hsds", params(ListQuery), responses(
    (status = 200, description = "A page of locations (HSDS `location`), or NDJSON with `format=ndjson`", content((super::list::HsdsPage = "application/json"), (String = "application/x-ndjson"))),
    (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/locations")]
pub async fn hsds_locations(
    state: web::Data<AppState>,
    q: ValidQuery<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let keys = outlets(&state.directory(), &q.0)?;
    answer(
        state.directory_handle(),
        &q.0,
        (keys, local_date(state.now())),
        |dir, id, today| {
            dir.outlets
                .get(id)
                .map_or(serde_json::Value::Null, |o| map::location(dir, o, today))
        },
    )
}

/// One location (public).
#[utoipa::path(tag = "hsds", params(("id" = String, Path, description = "Location id (the outlet's id when it is a UUID)")), responses(
    (status = 200, description = "The location (HSDS)", body = Object,
        example = json!({"id": "3f1a2b4c-5d6e-5f70-8a9b-0c1d2e3f4a5b", "location_type": "physical", "name": "晋中市知识产权公共服务中心", "latitude": 37.687, "longitude": 112.753, "schedules": [{"id": "…", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00+08:00", "closes_at": "12:00+08:00", "timezone": 8}]})),
    (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json")))]
#[get("/locations/{id}")]
pub async fn hsds_location(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let o = (dir.outlets.payloads())
        .find(|o| map::location_id(o) == *id)
        .ok_or_else(|| AppError::not_found(Resource::Location, &id))?;
    Ok(HttpResponse::Ok().json(map::location(&dir, o, local_date(state.now()))))
}
