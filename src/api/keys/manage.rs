//! API keys (admin): create, list, revoke, rotate. Secrets are shown once.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::http::auth::Admin;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidJson;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db::api_keys::ApiKeyRow;
use crate::db::{self, write_transaction};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::keys::generate_key;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// An API key, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyDto {
    /// Key id.
    pub id: String,
    /// What it may do.
    pub role: String,
    /// For outlet staff: the outlet (and the outlets under it) it is scoped to.
    pub outlet_id: Option<String>,
    /// Who holds it.
    pub label: Option<String>,
    /// When it was created.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRow> for KeyDto {
    fn from(r: ApiKeyRow) -> Self {
        Self {
            id: r.id,
            role: r.role,
            outlet_id: r.outlet_id,
            label: r.label,
            created_at: r.created_at.and_utc(),
            last_used_at: r.last_used_at.map(|t| t.and_utc()),
            revoked_at: r.revoked_at.map(|t| t.and_utc()),
        }
    }
}

/// A new key and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewKeyDto {
    /// The key.
    pub key: KeyDto,
    /// Send as `Authorization: Bearer <secret>`; only its hash is stored.
    pub secret: String,
}

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyInput {
    /// The role.
    pub role: Role,
    /// Required for `outlet_staff`, refused for other roles.
    pub outlet_id: Option<String>,
    /// Who holds it (at most 200 characters).
    pub label: Option<String>,
}

fn check(state: &AppState, input: &KeyInput) -> Result<(), AppError> {
    if (input.role == Role::OutletStaff) != input.outlet_id.is_some() {
        return Err(AppError::invalid(
            "outlet_id",
            Text::new(
                "仅网点工作人员密钥须指定网点",
                "required for outlet_staff keys and only for them",
            ),
        ));
    }
    if input
        .outlet_id
        .as_deref()
        .is_some_and(|id| state.directory().outlets.get(id).is_none())
    {
        return Err(AppError::invalid(
            "outlet_id",
            Text::new("网点不存在", "no such outlet"),
        ));
    }
    if input
        .label
        .as_deref()
        .is_some_and(|l| l.chars().count() > 200)
    {
        return Err(AppError::invalid(
            "label",
            Text::new("最多 200 字", "at most 200 characters"),
        ));
    }
    Ok(())
}

/// Every key, newest first (admin).
#[utoipa::path(tag = "keys", security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "The keys", body = Page<KeyDto>)))]
#[get("/keys")]
pub async fn list_keys(
    _query: ValidQuery<NoQuery>,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = state.db(|conn| Ok(db::security::keys(conn)?)).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(KeyDto::from).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

/// Creates a key (admin); the secret is in this response only.
#[utoipa::path(tag = "keys", request_body = KeyInput, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 201, description = "Created", body = NewKeyDto),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/keys")]
pub async fn create_key(
    _admin: Admin,
    state: web::Data<AppState>,
    body: ValidJson<KeyInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    check(&state, &input)?;
    let key = generate_key(input.role, input.outlet_id, input.label);
    let row = key.row.clone();
    state
        .write(move |conn| Ok(db::api_keys::insert(conn, &row)?))
        .await?;
    Ok(HttpResponse::Created().json(NewKeyDto {
        key: key.row.into(),
        secret: key.secret,
    }))
}

/// Revokes a key at once (admin).
#[utoipa::path(tag = "keys", params(("id" = String, Path, description = "Key id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Revoked", body = KeyDto),
    (status = 404, description = "No such active key", body = Problem, content_type = "application/problem+json")))]
#[delete("/keys/{id}")]
pub async fn revoke_key(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let row = state
        .write(move |conn| {
            if db::security::revoke(conn, &id, Utc::now().naive_utc())? == 0 {
                return Err(AppError::not_found(Resource::Key, &id));
            }
            db::security::key(conn, &id)?.ok_or_else(|| AppError::not_found(Resource::Key, &id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(KeyDto::from(row)))
}

/// Replaces a key by a new one with the same role, outlet and label, revoking the old (admin).
#[utoipa::path(tag = "keys", params(("id" = String, Path, description = "Key id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 201, description = "The new key", body = NewKeyDto),
    (status = 404, description = "No such active key", body = Problem, content_type = "application/problem+json")))]
#[post("/keys/{id}/rotate")]
pub async fn rotate_key(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let new = state
        .write(move |conn| write_transaction(conn, |conn| crate::keys::rotate(conn, &id)))
        .await?;
    Ok(HttpResponse::Created().json(NewKeyDto {
        key: new.row.into(),
        secret: new.secret,
    }))
}
