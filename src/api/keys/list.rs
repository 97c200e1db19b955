//! `GET /keys`: every key, without secrets (admin).

use actix_web::{get, web, HttpResponse};

use super::dto::KeyDto;
use crate::api::http::auth::Admin;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

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
