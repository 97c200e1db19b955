//! Webhook subscriptions and the outbox: events are stored, with one delivery
//! per matching subscription, in the transaction that changed the ticket.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{outbox_events, webhook_deliveries, webhook_subscriptions};
use super::DbConn;

/// A stored subscription.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    /// `None`: every event (global); else events concerning this outlet.
    pub outlet_id: Option<String>,
    pub url: String,
    pub secret: String,
    /// JSON array of event type names.
    pub event_types: String,
    pub description: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Send the ticket's free-text subject (citizens write names and phones in it).
    pub include_subject: bool,
}

impl SubscriptionRow {
    /// Whether an event of this type concerning these outlets goes to this subscription.
    pub fn wants(&self, event_type: &str, outlets: &[String]) -> bool {
        let types: Vec<String> = serde_json::from_str(&self.event_types).unwrap_or_default();
        self.active
            && types.iter().any(|t| t == event_type)
            && self.outlet_id.as_ref().is_none_or(|o| outlets.contains(o))
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox_events)]
pub struct OutboxRow {
    pub id: String,
    pub event_type: String,
    pub ticket_id: String,
    /// The exact JSON body every attempt sends.
    pub payload: String,
    pub created_at: NaiveDateTime,
}

/// Stores a subscription.
pub fn insert_subscription(conn: &mut DbConn, row: &SubscriptionRow) -> QueryResult<usize> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(row)
        .execute(conn)
}

/// One subscription.
pub fn find_subscription(conn: &mut DbConn, id: &str) -> QueryResult<Option<SubscriptionRow>> {
    webhook_subscriptions::table
        .find(id)
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()
}

/// Every subscription, oldest first.
pub fn list_subscriptions(conn: &mut DbConn) -> QueryResult<Vec<SubscriptionRow>> {
    webhook_subscriptions::table
        .order(webhook_subscriptions::id.asc())
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Deactivates a subscription and cancels its pending deliveries; rows changed.
pub fn deactivate(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let changed = diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::active.eq(false),
            webhook_subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(id))
            .filter(webhook_deliveries::state.eq("pending")),
    )
    .set(webhook_deliveries::state.eq("cancelled"))
    .execute(conn)?;
    Ok(changed)
}

/// Active subscriptions (read inside the change's transaction, so one created
/// before the change commits gets its events).
pub fn active(conn: &mut DbConn) -> QueryResult<Vec<SubscriptionRow>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::active.eq(true))
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Stores an event with a pending delivery for each of `active` that wants
/// it; call inside the transaction that made the change. Returns how many
/// deliveries were queued.
pub fn enqueue(
    conn: &mut DbConn,
    event: &OutboxRow,
    (active, outlets): (&[SubscriptionRow], &[String]),
) -> QueryResult<usize> {
    let subscribers: Vec<&SubscriptionRow> = active
        .iter()
        .filter(|s| s.wants(&event.event_type, outlets))
        .collect();
    if subscribers.is_empty() {
        return Ok(0);
    }
    diesel::insert_into(outbox_events::table)
        .values(event)
        .execute(conn)?;
    for s in &subscribers {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::id.eq(uuid::Uuid::now_v7().to_string()),
                webhook_deliveries::event_id.eq(&event.id),
                webhook_deliveries::subscription_id.eq(&s.id),
                webhook_deliveries::state.eq("pending"),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(event.created_at),
                webhook_deliveries::created_at.eq(event.created_at),
            ))
            .execute(conn)?;
    }
    Ok(subscribers.len())
}
