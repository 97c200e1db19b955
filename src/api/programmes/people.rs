//! The pool of commissioners and envoys: listed, added and changed by the
//! programme office; each person reads their own record.

use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::PersonDto;
use super::log_views;
use crate::api::http::auth::{HotlineDesk, ProgrammeCaller};
use crate::api::http::dto::Page;
use crate::api::http::etag;
use crate::api::http::extract::{ValidJson, ValidQuery};
use crate::api::http::params::{decode_cursor, limit, NoQuery};
use crate::db::programmes::people::{self as rows, PeopleFilter};
use crate::domain::audit::Who;
use crate::domain::cursor;
use crate::domain::programmes::person::{Person, PersonDraft};
use crate::domain::programmes::vocab::{PersonRole, PoolStatus};
use crate::error::AppError;
use crate::programmes::access::Actor;
use crate::programmes::people;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Which people to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Only commissioners or only envoys.
    pub role: Option<PersonRole>,
    /// Only people with this standing in the pool.
    pub pool_status: Option<PoolStatus>,
    /// Only people of this employing unit.
    pub employer: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

async fn shown(
    state: &AppState,
    actor: &Actor,
    mut people: Vec<Person>,
) -> Result<Vec<PersonDto>, AppError> {
    let log = people::disclose(actor, &mut people, state.now());
    log_views(state, log).await?;
    Ok(people.into_iter().map(PersonDto::from).collect())
}

/// Lists the pool (admins, operators); contacts are masked for admins.
#[utoipa::path(tag = "programmes", params(PeopleQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "A page of people, by id", body = Page<PersonDto>),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/people")]
pub async fn list_people(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    q: ValidQuery<PeopleQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = super::actor(&caller)?;
    let q = q.0;
    let n = limit(q.limit)?;
    let filter = PeopleFilter {
        role: q.role.map(|r| r.as_str().into()),
        pool_status: q.pool_status.map(|s| s.as_str().into()),
        employer: q.employer,
        after_id: decode_cursor(q.cursor.as_deref())?,
    };
    let mut found = state
        .db(move |conn| Ok(rows::list(conn, &filter, n as i64 + 1)?))
        .await?;
    let next_cursor = (found.len() > n).then(|| {
        found.truncate(n);
        cursor::encode(&found[n - 1].id)
    });
    let items = shown(&state, &actor, found).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Adds a commissioner or an envoy.
///
/// Adds the person to the pool (admins, operators). A commissioner needs an
/// IP degree or 2 years of IP work, an envoy 5 years.
#[utoipa::path(tag = "programmes", request_body = PersonDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "Added", body = PersonDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/programmes/people")]
pub async fn create_person(
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    body: ValidJson<PersonDraft>,
) -> Result<HttpResponse, AppError> {
    people::check(&state.directory(), &body.0)?;
    let (who, now, actor) = (Who::from(&caller), state.now(), super::actor(&caller)?);
    let draft = body.0;
    let person = state
        .write(move |conn| people::create(conn, draft, (&who, now)))
        .await?;
    let dto = shown(&state, &actor, vec![person]).await?.remove(0);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/programmes/people/{}", dto.id),
        ))
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// One person (admins and operators; a commissioner or envoy: themselves).
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Person id")), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 200, description = "The person", body = PersonDto),
    (status = 403, description = "Another person's record", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json")))]
#[get("/programmes/people/{id}")]
pub async fn get_person(
    caller: ProgrammeCaller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = caller.actor()?;
    let reader = actor.clone();
    let person = state
        .db(move |conn| people::find(conn, &reader, &id))
        .await?;
    let dto = shown(&state, &actor, vec![person]).await?.remove(0);
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}

/// Replaces a person's record (admins, operators), naming the version in `If-Match`.
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Person id"), ("If-Match" = String, Header, description = "The ETag from the last GET; 428 without it, 412 when it is stale")), request_body = PersonDraft, security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey, crate::api::http::responses::GuardedByEtag,
    (status = 200, description = "Replaced", body = PersonDto),
    (status = 403, description = "Not an admin or operator key", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[put("/programmes/people/{id}")]
pub async fn replace_person(
    req: HttpRequest,
    HotlineDesk(caller): HotlineDesk,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<PersonDraft>,
) -> Result<HttpResponse, AppError> {
    people::check(&state.directory(), &body.0)?;
    let sent = etag::if_match(&req);
    let (who, now, actor) = (Who::from(&caller), state.now(), super::actor(&caller)?);
    let draft = body.0;
    let person = state
        .write(move |conn| {
            let check = |v| etag::check(sent.as_deref(), v);
            people::replace(conn, (&id, &check), draft, (&who, now))
        })
        .await?;
    let dto = shown(&state, &actor, vec![person]).await?.remove(0);
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag::etag(dto.version)))
        .json(dto))
}
