//! Writes to the register (admins, operators): agencies and credit records.

use actix_web::http::header;
use actix_web::{post, put, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::AgencyDto;
use crate::agencies::profile::Profile;
use crate::agencies::register;
use crate::api::http::auth::HotlineDesk;
use crate::api::http::etag;
use crate::api::http::extract::ValidJson;
use crate::domain::agencies::credit::CreditRecord;
use crate::domain::agencies::{Agency, AgencyDraft};
use crate::domain::audit::Who;
use crate::error::AppError;
use crate::state::AppState;

type Problem = crate::error::Problem;

fn checked(state: &AppState, id: String, draft: AgencyDraft) -> Result<Agency, AppError> {
    let location = draft
        .validate()
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    state
        .directory()
        .check_region("region_code", Some(&draft.region_code))?;
    Ok(Agency {
        id,
        draft,
        location,
        updated_at: state.now(),
        version: 1,
    })
}

/// Registers an agency (admins, operators); 409 when its credit code is registered.
#[utoipa::path(tag = "agencies", request_body = AgencyDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Registered", body = AgencyDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Credit code registered already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/agencies")]
pub async fn create_agency(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<AgencyDraft>,
) -> Result<HttpResponse, AppError> {
    let sys = body.0.coord_sys;
    let agency = checked(
        &state,
        format!("ag-{}", uuid::Uuid::now_v7().simple()),
        body.0,
    )?;
    let (who, now, stored) = (Who::from(&caller), state.now(), agency.clone());
    state
        .write(move |conn| register::create(conn, &stored, (&who, now)))
        .await?;
    let dto = AgencyDto::new(
        &Profile {
            agency,
            records: Vec::new(),
        },
        sys,
    );
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/agencies/{}", dto.id)))
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// Replaces an agency's record (admins, operators), naming the version in `If-Match`.
///
/// 409 when its credit code is another agency's.
#[utoipa::path(tag = "agencies", params(("id" = String, Path, description = "Agency id"), ("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale")), request_body = AgencyDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Replaced (credit records unchanged)", body = AgencyDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such agency", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Credit code registered already as another agency", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/agencies/{id}")]
pub async fn replace_agency(
    req: HttpRequest,
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<AgencyDraft>,
) -> Result<HttpResponse, AppError> {
    let sys = body.0.coord_sys;
    let agency = checked(&state, id.into_inner(), body.0)?;
    let (who, now, sent) = (Who::from(&caller), state.now(), etag::if_match(&req));
    let after = state
        .write(move |conn| {
            let check = |v| etag::check(sent.as_deref(), v);
            register::replace(conn, (agency, &check), (&who, now))
        })
        .await?;
    let dto = AgencyDto::new(
        &Profile {
            agency: after,
            records: Vec::new(),
        },
        sys,
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// The id of a stored credit record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordId {
    /// Id.
    #[schema(example = "cr-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
}

/// Adds a credit evaluation, list entry or penalty with its source (admins, operators).
#[utoipa::path(tag = "agencies", params(("id" = String, Path, description = "Agency id")), request_body = CreditRecord, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Added", body = RecordId),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such agency", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/agencies/{id}/records")]
pub async fn add_record(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<CreditRecord>,
) -> Result<HttpResponse, AppError> {
    let record = body.0;
    record
        .validate(state.today())
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let (who, now) = (Who::from(&caller), state.now());
    let made = state
        .write(move |conn| register::put_record(conn, (&id, None), &record, (&who, now)))
        .await?;
    Ok(HttpResponse::Created().json(RecordId { id: made }))
}

/// Corrects a credit record, e.g. a listing's removal (admins, operators).
#[utoipa::path(tag = "agencies", params(("id" = String, Path, description = "Agency id"), ("record_id" = String, Path, description = "Record id")), request_body = CreditRecord, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Replaced", body = RecordId),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such agency or record", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/agencies/{id}/records/{record_id}")]
pub async fn replace_record(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: ValidJson<CreditRecord>,
) -> Result<HttpResponse, AppError> {
    let (record, (id, record_id)) = (body.0, path.into_inner());
    record
        .validate(state.today())
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    let (who, now) = (Who::from(&caller), state.now());
    let kept = state
        .write(move |conn| {
            register::put_record(conn, (&id, Some(&record_id)), &record, (&who, now))
        })
        .await?;
    Ok(HttpResponse::Ok().json(RecordId { id: kept }))
}
