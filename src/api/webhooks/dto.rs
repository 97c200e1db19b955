//! Request and response bodies of webhook subscriptions and deliveries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::deliveries::{AttemptRow, DeliveryRow};
use crate::db::webhooks::{OutboxRow, SubscriptionRow};
use crate::domain::webhook::WebhookEventType;

/// A subscription to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionInput {
    /// Where to POST events: an `https://` URL (`http://` is accepted for
    /// receivers on a private network), at most 2000 characters.
    #[schema(max_length = 2000)]
    pub url: String,
    /// Events to send, at least one.
    pub event_types: Vec<WebhookEventType>,
    /// Only events concerning this outlet (assigned to it, escalated to it,
    /// or taken from it); omit for every event (global).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub outlet_id: Option<String>,
    /// A note on the receiving system (at most 200 characters).
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// Signing secret `whsec_<base64 of 24 to 64 bytes>`; generated when omitted.
    #[schema(min_length = 38, max_length = 94)]
    pub secret: Option<String>,
    /// Send the ticket's free-text `subject`, which citizens often fill with
    /// names and phone numbers (default `false`: `subject` is `null`).
    pub include_subject: Option<bool>,
}

/// A subscription, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionDto {
    /// Subscription id.
    pub id: String,
    /// Receiver URL.
    pub url: String,
    /// Events sent.
    pub event_types: Vec<String>,
    /// The outlet whose events are sent; `null` for every event.
    pub outlet_id: Option<String>,
    /// A note on the receiving system.
    pub description: Option<String>,
    /// `false` once deleted: nothing more is sent.
    pub active: bool,
    /// Whether payloads carry the ticket's free-text `subject`.
    pub include_subject: bool,
    /// When it was created.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub updated_at: DateTime<Utc>,
}

impl From<SubscriptionRow> for SubscriptionDto {
    fn from(r: SubscriptionRow) -> Self {
        Self {
            event_types: serde_json::from_str(&r.event_types).unwrap_or_default(),
            id: r.id,
            url: r.url,
            outlet_id: r.outlet_id,
            description: r.description,
            active: r.active,
            include_subject: r.include_subject,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// A new subscription and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSubscriptionDto {
    /// The subscription.
    pub subscription: SubscriptionDto,
    /// Verify `webhook-signature` with it (Standard Webhooks, HMAC-SHA256).
    pub secret: String,
}

/// One attempt to deliver.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptDto {
    /// When it started.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub started_at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub duration_ms: i32,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<i32>,
    /// Why it failed; `null` on success.
    pub error: Option<String>,
}

impl From<AttemptRow> for AttemptDto {
    fn from(a: AttemptRow) -> Self {
        Self {
            started_at: a.started_at.and_utc(),
            duration_ms: a.duration_ms,
            status_code: a.status_code,
            error: a.error,
        }
    }
}

/// A delivery of one event to one subscription, with its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryDto {
    /// Delivery id.
    pub id: String,
    /// The event id (`webhook-id`), the same on every attempt.
    pub event_id: String,
    /// Event type.
    pub event_type: String,
    /// The ticket concerned.
    pub ticket_id: String,
    /// `pending`, `delivered`, `dead` (gave up; can be redelivered) or `cancelled`.
    pub state: String,
    /// Failed attempts since it was (re)queued.
    pub failed_attempts: i32,
    /// When the next attempt is due (pending only).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When it was delivered.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub delivered_at: Option<DateTime<Utc>>,
    /// The exact body sent.
    pub payload: serde_json::Value,
    /// Every attempt, oldest first.
    pub attempts: Vec<AttemptDto>,
}

impl DeliveryDto {
    /// Builds the DTO from the stored rows.
    pub fn new(d: DeliveryRow, e: OutboxRow, attempts: Vec<AttemptRow>) -> Self {
        Self {
            next_attempt_at: (d.state == "pending").then(|| d.next_attempt_at.and_utc()),
            id: d.id,
            event_id: e.id,
            event_type: e.event_type,
            ticket_id: e.ticket_id,
            state: d.state,
            failed_attempts: d.attempts,
            delivered_at: d.delivered_at.map(|t| t.and_utc()),
            payload: serde_json::from_str(&e.payload).unwrap_or_default(),
            attempts: attempts.into_iter().map(AttemptDto::from).collect(),
        }
    }
}

/// Filters and paging of the delivery log.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state: `pending`, `delivered`, `dead` or `cancelled`.
    #[param(pattern = "^(pending|delivered|dead|cancelled)$")]
    pub state: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}
