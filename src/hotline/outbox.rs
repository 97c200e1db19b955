//! Turning a ticket's new history entries into webhook events in the outbox.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryResult;
use serde::Serialize;
use utoipa::ToSchema;

use super::deadline::Deadline;
use crate::db::webhooks::{deliveries_for, NewDelivery, OutboxRow, SubscriptionRow};
use crate::db::DbConn;
use crate::domain::clocks::Timer;
use crate::domain::ticket::{Event, Ticket};
use crate::domain::ticket::{TicketAction, TicketState};
use crate::domain::webhook::WebhookEventType;

/// The body of every webhook request. Receivers should de-duplicate on `id`
/// (also sent as `webhook-id`): a delivery may be repeated, never lost.
/// Personal data is left out; fetch `links.ticket` with an outlet key for it
/// (that read is written to the access log).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookPayload {
    /// Event id, the same on every attempt.
    pub id: String,
    /// Event type, e.g. `ticket.assigned`.
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    /// When it happened (UTC).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub occurred_at: DateTime<Utc>,
    /// The ticket after the change.
    pub ticket: WebhookTicket,
    /// The history entry behind the event: its action, e.g. `assign`, `escalate`.
    pub action: String,
    /// The outlet the entry names (assigned or escalated to), if any.
    pub outlet_id: Option<String>,
    /// Links to the API.
    pub links: WebhookLinks,
}

/// A ticket as sent in webhooks: no reporter data, no description.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookTicket {
    /// Ticket id.
    pub id: String,
    /// Tracking number.
    pub tracking_number: String,
    /// Kind, e.g. `complaint`.
    #[schema(value_type = crate::domain::ticket::TicketKind)]
    pub kind: String,
    /// Category, e.g. `trademark`.
    #[schema(value_type = crate::domain::ticket::TicketCategory)]
    pub category: String,
    /// One-line subject, free text; sent only to subscriptions made with
    /// `include_subject: true`, `null` for the others.
    pub subject: Option<String>,
    /// State after the change.
    #[schema(value_type = crate::domain::ticket::TicketState)]
    pub state: String,
    /// The outlet handling it.
    pub outlet_id: Option<String>,
    /// The outlet supervising it when overdue (督办).
    pub escalated_to: Option<String>,
    /// When it was received.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub received_at: DateTime<Utc>,
    /// The running acceptance or handling clock due first, if any.
    pub due: Option<DueDto>,
}

/// A running clock's due date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueDto {
    /// Which clock: `acceptance` (签收) or `handling` (答复).
    pub timer: Timer,
    /// Its last day (China Standard Time).
    pub due: NaiveDate,
    /// Counted on a provisional calendar (a year not published yet).
    pub provisional: bool,
}

impl From<&Deadline> for DueDto {
    fn from(d: &Deadline) -> Self {
        Self {
            timer: d.timer,
            due: d.due,
            provisional: d.provisional,
        }
    }
}

/// Where to read more.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookLinks {
    /// The ticket in the API (needs a key).
    pub ticket: String,
}

/// The event types of one history entry.
pub fn event_types(e: &Event) -> Vec<WebhookEventType> {
    use WebhookEventType as W;
    let mut types = Vec::new();
    match e.action {
        TicketAction::Create => types.push(W::TicketCreated),
        TicketAction::Assign | TicketAction::Reassign => types.push(W::TicketAssigned),
        TicketAction::Escalate => types.push(W::TicketEscalated),
        TicketAction::Return => types.push(W::TicketReturned),
        TicketAction::Reply | TicketAction::Answer => types.push(W::TicketReplied),
        TicketAction::Reopen => types.push(W::TicketReopened),
        TicketAction::Supplement => types.push(W::TicketSupplemented),
        _ => {}
    }
    if e.to_state == TicketState::Closed && e.from_state != Some(TicketState::Closed) {
        types.push(W::TicketClosed);
    }
    types
}

/// Queues the webhook events of a change to `after` (from `before`, if it
/// existed) made of `events`; call inside the change's transaction.
pub fn record(
    conn: &mut DbConn,
    before: Option<&Ticket>,
    after: (&Ticket, Option<&Deadline>),
    events: &[Event],
) -> QueryResult<usize> {
    let active = crate::db::webhooks::active(conn)?;
    let (queued, deliveries) = webhook_events(&active, before, after, events);
    crate::db::webhooks::store(conn, &queued, &deliveries)?;
    Ok(deliveries.len())
}

/// The outbox events of a change (see [`record`]) with their deliveries to
/// the `active` subscriptions that want them; none without subscribers.
pub fn webhook_events(
    active: &[SubscriptionRow],
    before: Option<&Ticket>,
    (after, deadline): (&Ticket, Option<&Deadline>),
    events: &[Event],
) -> (Vec<OutboxRow>, Vec<NewDelivery>) {
    let (mut queued, mut deliveries) = (Vec::new(), Vec::new());
    if active.is_empty() {
        return (queued, deliveries);
    }
    let mut outlets: Vec<String> = [before, Some(after)]
        .into_iter()
        .flatten()
        .flat_map(|t| [t.outlet_id.clone(), t.escalated_to.clone()])
        .flatten()
        .collect();
    for e in events.iter().filter(|e| e.ticket_id == after.id) {
        outlets.extend(e.outlet_id.clone());
        for event_type in event_types(e) {
            let payload = payload((after, deadline), e, event_type);
            let row = OutboxRow {
                id: payload.id.clone(),
                event_type: event_type.as_str().to_owned(),
                ticket_id: after.id.clone(),
                payload: serde_json::to_string(&payload).expect("payloads serialize"),
                created_at: Utc::now().naive_utc(),
            };
            let wanted = deliveries_for(&row, (active, &outlets));
            if !wanted.is_empty() {
                deliveries.extend(wanted);
                queued.push(row);
            }
        }
    }
    (queued, deliveries)
}

fn payload(
    (t, deadline): (&Ticket, Option<&Deadline>),
    e: &Event,
    event_type: WebhookEventType,
) -> WebhookPayload {
    WebhookPayload {
        id: uuid::Uuid::now_v7().to_string(),
        event_type,
        occurred_at: e.at,
        ticket: WebhookTicket {
            id: t.id.clone(),
            tracking_number: t.tracking_number.clone(),
            kind: t.kind.as_str().into(),
            category: t.category.as_str().into(),
            subject: Some(t.subject.clone()),
            state: t.state.as_str().into(),
            outlet_id: t.outlet_id.clone(),
            escalated_to: t.escalated_to.clone(),
            received_at: t.received_at,
            due: deadline.map(DueDto::from),
        },
        action: e.action.as_str().into(),
        outlet_id: e.outlet_id.clone(),
        links: WebhookLinks {
            ticket: format!("/api/v1/tickets/{}", t.id),
        },
    }
}
