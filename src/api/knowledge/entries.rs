//! Knowledge entries: read (public when published, public and in force),
//! created and replaced by the hotline desk (admins and operators).

use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::Utc;

use super::dto::EntryDto;
use super::search::asker;
use crate::api::http::auth::HotlineDesk;
use crate::api::http::etag;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::directory::store::store_entry;
use crate::domain::audit::{Change, Who};
use crate::domain::knowledge::{Entry, EntryContent};
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

fn check(state: &AppState, content: &EntryContent) -> Result<(), AppError> {
    let dir = state.directory();
    content
        .validate(|code| dir.catalogue.matters.contains_key(code))
        .map_err(|e| AppError::invalid(e.field, e.reason))?;
    dir.check_region("region_code", content.region_code.as_deref())?;
    dir.check_outlet("owner_outlet_id", content.owner_outlet_id.as_deref())
}

async fn save(
    state: &AppState,
    entry: Entry,
    before: Option<Entry>,
    who: Who,
) -> Result<EntryDto, AppError> {
    let mut change = Change::new("knowledge.save", "knowledge", &entry.id).after(&entry.content);
    if let Some(b) = &before {
        change = change.before(&b.content);
    }
    let expected = before.map(|b| b.version);
    let stored = entry.clone();
    state
        .write(move |conn| store_entry(conn, (&stored, expected), (&who, &change)))
        .await?;
    let dto = EntryDto::from(&entry);
    state.directory_mut().catalogue.put_entry(entry);
    Ok(dto)
}

/// One entry (public when published, public and in force; staff keys read any).
#[utoipa::path(tag = "knowledge", params(("id" = String, Path, description = "Entry id")), responses(
    (status = 200, description = "The entry", body = EntryDto),
    (status = 404, description = "No such entry, or not one the caller may read", body = Problem, content_type = "application/problem+json")))]
#[get("/knowledge/{id}")]
pub async fn get_entry(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let dir = state.directory();
    let asker = asker(&req, &dir, None, &state)?;
    let kb = &dir.catalogue.knowledge;
    let entry = (kb.entries.get(id.as_str()))
        .filter(|e| kb.may_read(e, &asker))
        .ok_or_else(|| AppError::not_found(Resource::KnowledgeEntry, &id))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(entry.version)))
        .json(EntryDto::from(entry)))
}

/// Adds an entry (admins, operators).
#[utoipa::path(tag = "knowledge", request_body = EntryContent, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Created", body = EntryDto),
    (status = 403, description = "Not a hotline desk key", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/knowledge")]
pub async fn create_entry(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<EntryContent>,
) -> Result<HttpResponse, AppError> {
    check(&state, &body.0)?;
    let entry = Entry {
        id: format!("kb-{}", uuid::Uuid::now_v7().simple()),
        content: body.0,
        updated_at: Utc::now(),
        version: 1,
    };
    let dto = save(&state, entry, None, Who::from(&caller)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/knowledge/{}", dto.id)))
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// Replaces an entry (admins, operators), naming the version replaced in `If-Match`.
#[utoipa::path(tag = "knowledge", params(("id" = String, Path, description = "Entry id"), ("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale")), request_body = EntryContent, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Replaced", body = EntryDto),
    (status = 403, description = "Not a hotline desk key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/knowledge/{id}")]
pub async fn replace_entry(
    req: HttpRequest,
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<EntryContent>,
) -> Result<HttpResponse, AppError> {
    check(&state, &body.0)?;
    let before = (state
        .directory()
        .catalogue
        .knowledge
        .entries
        .get(id.as_str())
        .cloned())
    .ok_or_else(|| AppError::not_found(Resource::KnowledgeEntry, &id))?;
    etag::check(etag::if_match(&req).as_deref(), before.version)?;
    let entry = Entry {
        id: before.id.clone(),
        content: body.0,
        updated_at: Utc::now(),
        version: before.version + 1,
    };
    let dto = save(&state, entry, Some(before), Who::from(&caller)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}
