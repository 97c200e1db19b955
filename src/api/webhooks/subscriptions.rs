//! Webhook subscriptions (admin): create, list, read, delete.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::Utc;

use crate::api::http::auth::Admin;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidJson;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::api::webhooks::dto::{NewSubscriptionDto, SubscriptionDto, SubscriptionInput};
use crate::db::webhooks::SubscriptionRow;
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::domain::network::{literal_ip, AllowedNetworks};
use crate::domain::webhook::{new_secret, secret_is_valid};
use crate::error::{AppError, Resource};
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Checks a receiver's address: https, or http into an allowed internal
/// network; never an internal address that is not allowed (a literal one is
/// refused here, a name that resolves to one at every delivery attempt).
fn check_url(text: &str, targets: &AllowedNetworks) -> Result<url::Url, AppError> {
    let url = url::Url::parse(text)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
        .filter(|_| text.chars().count() <= 2000)
        .ok_or_else(|| AppError::rejected("url", "须为 http(s) 地址", "must be an http(s) URL"))?;
    let literal = literal_ip(&url);
    let internal = |zh: &str, en: &str| AppError::rejected("url", zh, en);
    match literal {
        Some(ip) if !targets.allows(ip) => Err(internal(
            "不能指向内部网络地址（如需推送到内网，请把网段加入 `IPR_WEBHOOK_ALLOWED_NETWORKS`）",
            "may not point into an internal network (list the network in `IPR_WEBHOOK_ALLOWED_NETWORKS` to allow it)",
        )),
        Some(ip) if url.scheme() == "http" && !targets.lists(ip) => Err(internal(
            "须为 https 地址",
            "must be an https URL",
        )),
        None if url.scheme() == "http" => Err(internal(
            "须为 https 地址（http 仅限已允许的内网网段）",
            "must be an https URL (http only into an allowed internal network)",
        )),
        _ => Ok(url),
    }
}

/// Checks a subscription to create and returns its row.
fn check(
    state: &AppState,
    input: SubscriptionInput,
    targets: &AllowedNetworks,
) -> Result<SubscriptionRow, AppError> {
    let url = check_url(&input.url, targets)?;
    if input.event_types.is_empty() {
        return Err(AppError::rejected(
            "event_types",
            "至少选择一种事件",
            "name at least one event type",
        ));
    }
    (state.directory()).check_outlet("outlet_id", input.outlet_id.as_deref())?;
    if input
        .description
        .as_deref()
        .is_some_and(|d| d.chars().count() > 200)
    {
        return Err(AppError::rejected(
            "description",
            "最多 200 字",
            "at most 200 characters",
        ));
    }
    let secret = match input.secret {
        Some(s) if !secret_is_valid(&s) => {
            return Err(AppError::rejected(
                "secret",
                "须为 `whsec_` 加 24 到 64 字节的 base64",
                "must be whsec_ followed by base64 of 24 to 64 bytes",
            ))
        }
        Some(s) => s,
        None => new_secret(),
    };
    let mut types: Vec<&str> = input.event_types.iter().map(|t| t.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let now = Utc::now().naive_utc();
    Ok(SubscriptionRow {
        id: uuid::Uuid::now_v7().to_string(),
        outlet_id: input.outlet_id,
        url: url.to_string(),
        secret,
        event_types: serde_json::to_string(&types).expect("strings serialize"),
        description: input.description,
        active: true,
        created_at: now,
        updated_at: now,
        include_subject: input.include_subject.unwrap_or(false),
    })
}

/// Subscribes a receiver to ticket events (admin).
///
/// Deliveries are signed with the secret in this response (Standard Webhooks:
/// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-
/// SHA256 of "{id}.{timestamp}.{body}">`), retried with backoff, and logged.
#[utoipa::path(tag = "webhooks", request_body = SubscriptionInput, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 201, description = "Created; the secret is shown this once", body = NewSubscriptionDto),
    (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json")))]
#[post("/webhooks")]
pub async fn create_subscription(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    targets: web::Data<AllowedNetworks>,
    body: ValidJson<SubscriptionInput>,
) -> Result<HttpResponse, AppError> {
    let row = check(&state, body.0, &targets)?;
    let mut stored = row.clone();
    stored.secret = state.secrets.seal(&row.secret);
    let change =
        Change::new("webhook.create", "webhook", &row.id).after(SubscriptionDto::from(row.clone()));
    let who = Who::from(&admin);
    state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                db::webhooks::insert_subscription(conn, &stored)?;
                Ok(db::audit::record(conn, &who, &change, stored.created_at)?)
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/webhooks/{}", row.id)))
        .json(NewSubscriptionDto {
            secret: row.secret.clone(),
            subscription: row.into(),
        }))
}

/// Every subscription, active or not (admin). Secrets are never shown again.
#[utoipa::path(tag = "webhooks", security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "The subscriptions", body = Page<SubscriptionDto>)))]
#[get("/webhooks")]
pub async fn list_subscriptions(
    _query: ValidQuery<NoQuery>,
    _admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db(|conn| Ok(db::webhooks::list_subscriptions(conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows
            .into_iter()
            .map(SubscriptionDto::from)
            .collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

/// One subscription (admin).
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Subscription id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "The subscription", body = SubscriptionDto),
    (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json")))]
#[get("/webhooks/{id}")]
pub async fn get_subscription(
    _query: ValidQuery<NoQuery>,
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let row = state
        .db(move |conn| {
            db::webhooks::find_subscription(conn, &id)?
                .ok_or_else(|| AppError::not_found(Resource::Webhook, &id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(SubscriptionDto::from(row)))
}

/// Stops a webhook subscription.
///
/// For admins. Nothing more is sent and pending deliveries are cancelled;
/// the delivery log is kept.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Subscription id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Deactivated", body = SubscriptionDto),
    (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json")))]
#[delete("/webhooks/{id}")]
pub async fn delete_subscription(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let who = Who::from(&admin);
    let row = state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                let now = Utc::now().naive_utc();
                if db::webhooks::deactivate(conn, &id, now)? == 0 {
                    return Err(AppError::not_found(Resource::Webhook, &id));
                }
                let row = db::webhooks::find_subscription(conn, &id)?
                    .ok_or_else(|| AppError::not_found(Resource::Webhook, &id))?;
                let change = Change::new("webhook.delete", "webhook", &id)
                    .before(SubscriptionDto::from(row.clone()));
                db::audit::record(conn, &who, &change, now)?;
                Ok(row)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(SubscriptionDto::from(row)))
}
