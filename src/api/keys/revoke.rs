//! `DELETE /keys/{id}`: an admin revokes a key at once (not an auditor's).

use actix_web::{delete, web, HttpResponse};
use chrono::Utc;

use super::dto::KeyDto;
use crate::api::http::auth::Admin;
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};
use crate::state::AppState;

/// Revokes a key at once (admin).
///
/// Auditor keys are revoked on the server with the CLI: those audited do not
/// control their auditors.
#[utoipa::path(tag = "keys", params(("id" = String, Path, description = "Key id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Revoked", body = KeyDto),
    (status = 404, description = "No such active key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[delete("/keys/{id}")]
pub async fn revoke_key(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (who, at) = (Who::from(&admin), state.now().naive_utc());
    let row = state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                let before = db::security::key(conn, &id)?
                    .filter(|k| k.revoked_at.is_none())
                    .ok_or_else(|| AppError::not_found(Resource::Key, &id))?;
                if before.role == Role::Auditor.as_str() {
                    return Err(AppError::denied(
                        "审计员密钥只能在服务器上用命令行吊销",
                        "auditor keys are revoked on the server with the CLI",
                    ));
                }
                db::security::revoke(conn, &id, Utc::now().naive_utc())?;
                let change = Change::new("key.revoke", "key", &id).before(KeyDto::from(before));
                db::audit::record(conn, &who, &change, at)?;
                db::security::key(conn, &id)?.ok_or_else(|| AppError::not_found(Resource::Key, &id))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(KeyDto::from(row)))
}
