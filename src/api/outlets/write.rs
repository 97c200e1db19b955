//! Changing the outlet directory (admin): create, update, close, history.

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::auth::Admin;
use crate::api::http::dto::Page;
use crate::api::http::etag;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::input::{OutletInput, OutletPatch};
use crate::api::regions::read::CoordQuery;
use crate::db;
use crate::directory::store::{outlet_audit_action, store_outlet, OutletWrite};
use crate::domain::audit::{Change, Who};
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::outlet_record::outlet_record;
use crate::domain::vocab::OutletStatus;
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Checks an outlet against the directory, then stores it with a revision and
/// updates the in-memory index once the transaction has committed.
async fn save(
    state: &AppState,
    outlet: Outlet,
    before: Option<&Outlet>,
    action: &'static str,
    who: Who,
) -> Result<Outlet, AppError> {
    let expected = before.map(|b| b.version);
    let record = outlet_record(&outlet);
    let mut change = Change::new(outlet_audit_action(action), "outlet", &outlet.id).after(&record);
    if let Some(b) = before {
        change = change.before(outlet_record(b));
    }
    {
        let dir = state.directory();
        outlet
            .validate(&dir.regions, |id| dir.parent_of(id))
            .map_err(|e| AppError::invalid(e.field, e.reason))?;
    }
    let saved = outlet.clone();
    let snapshot = record.to_string();
    state
        .write(move |conn| {
            let write = OutletWrite {
                outlet: &outlet,
                expected,
                action,
                snapshot,
            };
            store_outlet(conn, write, (&who, &change))
        })
        .await?;
    state.directory_mut().put_outlet(&saved)?;
    Ok(saved)
}

/// The outlet to change, if it exists and `If-Match` names its current version.
fn current_for_update(state: &AppState, req: &HttpRequest, id: &str) -> Result<Outlet, AppError> {
    let current = state
        .directory()
        .outlets
        .get(id)
        .map(|o| o.to_outlet())
        .ok_or_else(|| AppError::not_found(Resource::Outlet, id))?;
    etag::check(etag::if_match(req).as_deref(), current.version)?;
    Ok(current)
}

/// Adds an outlet (admin).
#[utoipa::path(tag = "outlets", params(CoordQuery), request_body = OutletInput, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 201, description = "Created", body = OutletDto),
    (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/outlets")]
pub async fn create_outlet(
    admin: Admin,
    state: web::Data<AppState>,
    query: ValidQuery<CoordQuery>,
    body: ValidJson<OutletInput>,
) -> Result<HttpResponse, AppError> {
    let sys = query.0.coord_sys.unwrap_or_default();
    let outlet = body
        .0
        .into_outlet(uuid::Uuid::now_v7().to_string(), sys, Utc::now())?;
    let saved = save(&state, outlet, None, "create", Who::from(&admin.0)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/outlets/{}", saved.id)))
        .json(OutletDto::new(&saved, sys)))
}

/// Changes an outlet (admin); only the fields given change.
#[utoipa::path(tag = "outlets", params(("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale"), ("id" = String, Path, description = "Outlet id"), CoordQuery), request_body = OutletPatch, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Updated", body = OutletDto),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Changed concurrently", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[patch("/outlets/{id}")]
pub async fn update_outlet(
    req: HttpRequest,
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<CoordQuery>,
    body: ValidJson<OutletPatch>,
) -> Result<HttpResponse, AppError> {
    let sys = query.0.coord_sys.unwrap_or_default();
    let current = current_for_update(&state, &req, &id)?;
    let next = body.0.apply(&current, sys, Utc::now())?;
    let saved = save(&state, next, Some(&current), "update", Who::from(&admin.0)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(saved.version)))
        .json(OutletDto::new(&saved, sys)))
}

/// Why an outlet is closed.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CloseQuery {
    /// Shown as the status note, e.g. 「已并入市公共服务中心」.
    pub reason: Option<String>,
}

/// Closes an outlet (admin).
///
/// Nothing is deleted: the outlet stays readable with status `closed`, and its
/// history is kept.
#[utoipa::path(tag = "outlets", params(("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale"), ("id" = String, Path, description = "Outlet id"), CloseQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Closed", body = OutletDto),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json")))]
#[delete("/outlets/{id}")]
pub async fn close_outlet(
    req: HttpRequest,
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<CloseQuery>,
) -> Result<HttpResponse, AppError> {
    let current = current_for_update(&state, &req, &id)?;
    let patch = OutletPatch {
        status: Some(OutletStatus::Closed),
        status_note: query.0.reason.map(Some),
        ..Default::default()
    };
    let next = patch.apply(&current, CoordSys::Wgs84, Utc::now())?;
    let saved = save(&state, next, Some(&current), "close", Who::from(&admin.0)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(saved.version)))
        .json(OutletDto::new(&saved, CoordSys::Wgs84)))
}

/// One recorded change of an outlet.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDto {
    /// The version this change produced.
    pub version: i64,
    /// `seed`, `create`, `update` or `close`.
    pub action: String,
    /// Id of the API key that made the change.
    pub actor_key_id: Option<String>,
    /// When.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub changed_at: DateTime<Utc>,
    /// The outlet as it was after the change (WGS-84).
    pub snapshot: serde_json::Value,
}

/// Every change of an outlet, oldest first (admin).
#[utoipa::path(tag = "outlets", params(("id" = String, Path, description = "Outlet id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "The history", body = Page<RevisionDto>),
    (status = 404, description = "No such outlet", body = Problem, content_type = "application/problem+json")))]
#[get("/outlets/{id}/history")]
pub async fn outlet_history(
    _query: ValidQuery<NoQuery>,
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let lookup = id.clone();
    let rows = state
        .db(move |conn| Ok(db::outlets::revisions(conn, &lookup)?))
        .await?;
    if rows.is_empty() {
        return Err(AppError::not_found(Resource::Outlet, &id));
    }
    let items: Vec<RevisionDto> = rows
        .into_iter()
        .map(|r| RevisionDto {
            version: r.version,
            action: r.action,
            actor_key_id: r.actor_key_id,
            changed_at: r.changed_at.and_utc(),
            snapshot: serde_json::from_str(&r.snapshot).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
