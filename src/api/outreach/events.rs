//! Events: recorded by the office or the organising outlet's staff, changed
//! with `If-Match`, their outcomes recorded once held; each event's page is
//! public JSON-LD.

use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};

use super::jsonld::EventLd;
use super::scope;
use crate::api::http::auth::EventWriter;
use crate::api::http::etag;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::NoQuery;
use crate::db::outreach;
use crate::directory::Directory;
use crate::domain::outreach::event::{Event, EventDraft, Outcome};
use crate::error::{AppError, Resource};
use crate::outreach::events;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// The organiser's name: the outlet's, or as given.
pub fn organiser(dir: &Directory, e: &Event) -> String {
    match &e.draft.organiser_outlet_id {
        Some(o) => dir
            .outlets
            .get(o)
            .map(|o| o.details().name().to_owned())
            .unwrap_or_default(),
        None => e.draft.organiser_name.clone().unwrap_or_default(),
    }
}

fn page(state: &AppState, e: &Event, status: actix_web::http::StatusCode) -> HttpResponse {
    let ld = EventLd::new(e, organiser(&state.directory(), e));
    HttpResponse::build(status)
        .content_type("application/ld+json")
        .insert_header((header::ETAG, etag::etag(e.version)))
        .json(ld)
}

/// Records an event (admins, operators; outlet staff for their own outlet).
#[utoipa::path(tag = "outreach", request_body = EventDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Recorded: its page", body = EventLd, content_type = "application/ld+json"),
    (status = 403, description = "Not a hotline or outlet key, or another outlet's event", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/events")]
pub async fn create_event(
    EventWriter(caller): EventWriter,
    state: web::Data<AppState>,
    body: ValidJson<EventDraft>,
) -> Result<HttpResponse, AppError> {
    let draft = body.0;
    let (location, city) = {
        let dir = state.directory();
        events::check(&dir, &draft, &scope(&dir, &caller))?
    };
    let now = state.now();
    let event = Event {
        id: format!("ev-{}", uuid::Uuid::now_v7().simple()),
        draft,
        location,
        city_code: city,
        version: 1,
        updated_at: now,
    };
    let stored = event.clone();
    state
        .write(move |conn| events::create(conn, &stored, now))
        .await?;
    Ok(page(&state, &event, actix_web::http::StatusCode::CREATED))
}

/// Replaces an event (its status included), naming the version in `If-Match`.
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Event id"), ("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale")), request_body = EventDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Replaced: its page", body = EventLd, content_type = "application/ld+json"),
    (status = 403, description = "Not a hotline or outlet key, or another outlet's event", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/events/{id}")]
pub async fn replace_event(
    req: HttpRequest,
    EventWriter(caller): EventWriter,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<EventDraft>,
) -> Result<HttpResponse, AppError> {
    let draft = body.0;
    let (checked, mine) = {
        let dir = state.directory();
        let mine = scope(&dir, &caller);
        (events::check(&dir, &draft, &mine)?, mine)
    };
    let (sent, now) = (etag::if_match(&req), state.now());
    let event = state
        .write(move |conn| {
            let check = |v| etag::check(sent.as_deref(), v);
            events::replace(
                conn,
                (&id, &mine, &check),
                (draft, checked.0, checked.1),
                now,
            )
        })
        .await?;
    Ok(page(&state, &event, actix_web::http::StatusCode::OK))
}

/// Records (or corrects) a held event's outcome (409 before it is held).
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Event id")), request_body = Outcome, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "Recorded", body = Outcome),
    (status = 403, description = "Not a hotline or outlet key, or another outlet's event", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not held yet", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/events/{id}/outcome")]
pub async fn record_outcome(
    EventWriter(caller): EventWriter,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<Outcome>,
) -> Result<HttpResponse, AppError> {
    let (outcome, mine, now) = (body.0, scope(&state.directory(), &caller), state.now());
    let stored = outcome.clone();
    state
        .write(move |conn| events::record_outcome(conn, &id, &mine, &stored, now))
        .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// An event's page as schema.org `Event` JSON-LD (public).
#[utoipa::path(tag = "outreach", params(("id" = String, Path, description = "Event id")), responses(
    (status = 200, description = "The event", body = EventLd, content_type = "application/ld+json"),
    (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json")))]
#[get("/events/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let event = state
        .db(move |conn| {
            outreach::event(conn, &id)?.ok_or_else(|| AppError::not_found(Resource::Event, &id))
        })
        .await?;
    Ok(page(&state, &event, actix_web::http::StatusCode::OK))
}
