//! `POST /keys/{id}/rotate`: a key's holder replaces it by a new one.

use actix_web::{post, web, HttpResponse};

use super::dto::{KeyDto, NewKeyDto};
use crate::api::http::auth::Caller;
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::error::AppError;
use crate::state::AppState;

/// Rotates the caller's own key.
///
/// Replaces the caller's own key (`id` is its id, or `me`) by a new one with
/// the same role, outlet, label and expiry, revoking the old. Only the holder
/// may rotate a key, so no one else ever sees its new secret: an admin who
/// needs another's key replaced revokes it and makes a new one, both recorded.
#[utoipa::path(tag = "keys", params(("id" = String, Path, description = "The caller's own key id, or `me`")), security(("api_key" = [])), responses(
    crate::api::http::responses::NeedsKey,
    (status = 201, description = "The new key", body = NewKeyDto),
    (status = 403, description = "Not the caller's own key", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/keys/{id}/rotate")]
pub async fn rotate_key(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if id != "me" && id != caller.key_id {
        return Err(AppError::denied(
            "只有密钥持有人可以轮换密钥；他人的密钥请吊销后重新创建",
            "only a key's holder may rotate it; revoke another's key and create a new one",
        ));
    }
    let (who, at, own) = (Who::from(&caller), state.now().naive_utc(), caller.key_id);
    let new = state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                let new = crate::keys::rotate(conn, &own, Some(own.clone()))?;
                let change =
                    Change::new("key.rotate", "key", &own).after(KeyDto::from(new.row.clone()));
                db::audit::record(conn, &who, &change, at)?;
                Ok(new)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(NewKeyDto {
        key: new.row.into(),
        secret: new.secret,
    }))
}
