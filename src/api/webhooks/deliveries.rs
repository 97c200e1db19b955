//! The webhook delivery log and redelivery (admin).

use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;

use crate::api::http::auth::Admin;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::webhooks::dto::{DeliveryDto, DeliveryQuery};
use crate::db::{self, write_transaction};
use crate::domain::audit::{Change, Who};
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

type Problem = crate::error::Problem;

const STATES: [&str; 4] = ["pending", "delivered", "dead", "cancelled"];

fn delivery_not_found(id: &str) -> AppError {
    AppError::not_found(Resource::Delivery, id)
}

/// A subscription's deliveries, newest first, each with its attempts (admin).
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Subscription id"), DeliveryQuery), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "A page of deliveries", body = Page<DeliveryDto>),
    (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json")))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<DeliveryQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, q) = (id.into_inner(), query.0);
    if q.state.as_deref().is_some_and(|s| !STATES.contains(&s)) {
        return Err(AppError::invalid(
            "state",
            Text::new(
                "须为 `pending`、`delivered`、`dead` 或 `cancelled`",
                "must be pending, delivered, dead or cancelled",
            ),
        ));
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            Text::new("须为 1 到 200", "must be from 1 to 200"),
        ));
    }
    let page = state
        .db(move |conn| {
            db::webhooks::find_subscription(conn, &id)?
                .ok_or_else(|| AppError::not_found(Resource::Webhook, &id))?;
            let cursor = (q.cursor.as_deref(), limit);
            let rows = db::deliveries::page(conn, &id, q.state.as_deref(), cursor)?;
            let ids: Vec<String> = rows.iter().map(|(d, _)| d.id.clone()).collect();
            let attempts = db::deliveries::attempts(conn, &ids)?;
            Ok((rows, attempts))
        })
        .await?;
    let (rows, attempts) = page;
    let full = rows.len() as i64 == limit;
    let items: Vec<DeliveryDto> = rows
        .into_iter()
        .map(|(d, e)| {
            let mine = attempts
                .iter()
                .filter(|a| a.delivery_id == d.id)
                .cloned()
                .collect();
            DeliveryDto::new(d, e, mine)
        })
        .collect();
    let next_cursor = full.then(|| items.last().map(|d| d.id.clone())).flatten();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Redelivers a webhook delivery.
///
/// Sends a delivery again, whatever its state, with a fresh attempt budget
/// (admin): for dead letters once the receiver is fixed. The event id stays
/// the same, so receivers that already had it can drop it.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Subscription id"), ("delivery_id" = String, Path, description = "Delivery id")), security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 202, description = "Queued", body = DeliveryDto),
    (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The subscription is deactivated", body = Problem, content_type = "application/problem+json")))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, delivery_id) = path.into_inner();
    let who = Who::from(&admin);
    let (delivery, event, attempts) = state
        .write(move |conn| {
            write_transaction(conn, |conn| {
                let sub = db::webhooks::find_subscription(conn, &id)?
                    .ok_or_else(|| AppError::not_found(Resource::Webhook, &id))?;
                if !sub.active {
                    return Err(AppError::conflict(
                        "订阅已停用",
                        "the subscription is deactivated",
                    ));
                }
                db::deliveries::find(conn, &id, &delivery_id)?
                    .ok_or_else(|| delivery_not_found(&delivery_id))?;
                let now = Utc::now().naive_utc();
                db::deliveries::redeliver(conn, &delivery_id, now)?;
                let change = Change::new("webhook.redeliver", "webhook", &id)
                    .after(serde_json::json!({ "delivery_id": &delivery_id }));
                db::audit::record(conn, &who, &change, now)?;
                let (d, e) = db::deliveries::find(conn, &id, &delivery_id)?
                    .ok_or_else(|| delivery_not_found(&delivery_id))?;
                let attempts = db::deliveries::attempts(conn, std::slice::from_ref(&d.id))?;
                Ok((d, e, attempts))
            })
        })
        .await?;
    Ok(HttpResponse::Accepted().json(DeliveryDto::new(delivery, event, attempts)))
}
