//! `POST /keys`: an admin makes a hotline, outlet or Open311 key; recorded with its maker.

use actix_web::{post, web, HttpResponse};

use super::dto::{KeyInput, NewKeyDto};
use crate::api::http::auth::Admin;
use crate::api::http::extract::ValidJson;
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::domain::programmes::vocab::PersonRole;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::i18n::Text;
use crate::keys::{generate_key, KeySpec};
use crate::state::AppState;

fn check(state: &AppState, input: &KeyInput) -> Result<(), AppError> {
    if matches!(input.role, Role::Admin | Role::Auditor) {
        return Err(AppError::denied(
            "管理员和审计员密钥只能在服务器上用命令行创建（ipr-service keys create）",
            "admin and auditor keys are made on the server with the CLI (ipr-service keys create)",
        ));
    }
    if (input.role == Role::OutletStaff) != input.outlet_id.is_some() {
        return Err(AppError::invalid(
            "outlet_id",
            Text::new(
                "仅网点工作人员密钥须指定网点",
                "required for outlet_staff keys and only for them",
            ),
        ));
    }
    (state.directory()).check_outlet("outlet_id", input.outlet_id.as_deref())?;
    if (input.label.as_deref()).is_some_and(|l| l.chars().count() > 200) {
        return Err(AppError::rejected(
            "label",
            "最多 200 字",
            "at most 200 characters",
        ));
    }
    if input.expires_at.is_some_and(|t| t <= state.now()) {
        return Err(AppError::rejected(
            "expires_at",
            "须为将来的时间",
            "must be in the future",
        ));
    }
    Ok(())
}

/// A commissioner or envoy key names a person of that role, and only those keys do.
async fn check_person(state: &AppState, input: &KeyInput) -> Result<(), AppError> {
    let wanted = match input.role {
        Role::Commissioner => Some(PersonRole::Commissioner),
        Role::Envoy => Some(PersonRole::Envoy),
        _ => None,
    };
    let Some((wanted, id)) = wanted.zip(input.person_id.clone()) else {
        if wanted.is_some() == input.person_id.is_some() {
            return Ok(());
        }
        return Err(AppError::invalid(
            "person_id",
            Text::new(
                "仅服务专员和特派员密钥须指定人员",
                "required for commissioner and envoy keys and only for them",
            ),
        ));
    };
    let person = state
        .db(move |conn| Ok(db::programmes::people::find(conn, &id)?))
        .await?;
    match person {
        Some(p) if p.draft.role == wanted => Ok(()),
        _ => Err(AppError::rejected(
            "person_id",
            "人才库中没有该角色的此人",
            "no person of this role in the pool",
        )),
    }
}

/// Creates a key (admin); the secret is in this response only.
///
/// The key records its maker, and the audit trail records the creation.
#[utoipa::path(tag = "keys", request_body = KeyInput, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 201, description = "Created", body = NewKeyDto),
    (status = 422, description = "Invalid field", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/keys")]
pub async fn create_key(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    body: ValidJson<KeyInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    check(&state, &input)?;
    check_person(&state, &input).await?;
    let key = generate_key(KeySpec {
        role: input.role,
        outlet_id: input.outlet_id,
        label: input.label,
        expires_at: input.expires_at.map(|t| t.naive_utc()),
        created_by: Some(admin.key_id.clone()),
        person_id: input.person_id,
    });
    let row = key.row.clone();
    let (who, at) = (Who::from(&admin), state.now().naive_utc());
    state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                db::api_keys::insert(conn, &row)?;
                let change = Change::new("key.create", "key", &row.id)
                    .after(super::dto::KeyDto::from(row.clone()));
                Ok(db::audit::record(conn, &who, &change, at)?)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(NewKeyDto {
        key: key.row.into(),
        secret: key.secret,
    }))
}
