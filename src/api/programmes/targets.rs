//! Service targets: registered by the programme office; read by the office
//! and by the commissioners assigned to them.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::TargetDto;
use crate::api::http::auth::{HotlineDesk, ProgrammeCaller};
use crate::api::http::dto::Page;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::{decode_cursor, limit};
use crate::domain::audit::Who;
use crate::domain::coords::CoordSys;
use crate::domain::cursor;
use crate::domain::programmes::target::TargetDraft;
use crate::domain::programmes::vocab::TargetType;
use crate::error::{AppError, Resource};
use crate::programmes::targets;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Which targets to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TargetsQuery {
    /// Only targets in this region or under it.
    pub region: Option<String>,
    /// Only targets of this type.
    pub target_type: Option<TargetType>,
    /// System of the answered positions (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The system of the answered positions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoordQuery {
    /// Default `wgs84`.
    pub coord_sys: Option<CoordSys>,
}

/// Lists targets (admins and operators: all; commissioners: those assigned to them).
#[utoipa::path(tag = "programmes", params(TargetsQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "A page of targets, by id", body = Page<TargetDto>),
    (status = 403, description = "Not a programme key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such region", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/targets")]
pub async fn list_targets(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    q: ValidQuery<TargetsQuery>,
) -> Result<HttpResponse, AppError> {
    let (actor, q) = (caller.actor()?, q.0);
    let n = limit(q.limit)?;
    let regions: Option<Vec<String>> = match &q.region {
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
    let after: Option<String> = decode_cursor(q.cursor.as_deref())?;
    let kind = q.target_type.map(|t| t.as_str());
    let mut found = state
        .db(move |conn| {
            targets::list(
                conn,
                &actor,
                (regions.as_deref(), kind),
                (after.as_deref(), n as i64 + 1),
            )
        })
        .await?;
    let next_cursor = (found.len() > n).then(|| {
        found.truncate(n);
        cursor::encode(&found[n - 1].id)
    });
    let sys = q.coord_sys.unwrap_or_default();
    let items = found.into_iter().map(|t| TargetDto::new(t, sys)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Registers a target (admins, operators); 409 when its credit code is registered.
#[utoipa::path(tag = "programmes", request_body = TargetDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Registered", body = TargetDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Credit code registered already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/targets")]
pub async fn create_target(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<TargetDraft>,
) -> Result<HttpResponse, AppError> {
    let (who, now) = (Who::from(&caller), state.now());
    let sys = body.0.coord_sys;
    let id = format!("st-{}", uuid::Uuid::now_v7().simple());
    let target = (body.0.validate(&state.directory().regions, (id, now)))
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let stored = target.clone();
    state
        .write(move |conn| targets::create(conn, &stored, (&who, now)))
        .await?;
    let dto = TargetDto::new(target, sys);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/programmes/targets/{}", dto.id),
        ))
        .json(dto))
}

/// One target (admins and operators; commissioners: one assigned to them).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Target id"), CoordQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The target", body = TargetDto),
    (status = 403, description = "Not a programme key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such target, or not one of the caller's", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/targets/{id}")]
pub async fn get_target(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: ValidQuery<CoordQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = caller.actor()?;
    let target = state
        .db(move |conn| targets::find(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(TargetDto::new(target, q.0.coord_sys.unwrap_or_default())))
}
