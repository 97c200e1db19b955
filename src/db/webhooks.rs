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

/// A delivery waiting for its first attempt.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct NewDelivery {
    pub id: String,
    pub event_id: String,
    pub subscription_id: String,
    pub state: &'static str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// A pending delivery of `event` for each of `active` that wants it
/// (`outlets`: the outlets the event concerns).
pub fn deliveries_for(
    event: &OutboxRow,
    (active, outlets): (&[SubscriptionRow], &[String]),
) -> Vec<NewDelivery> {
    (active.iter())
        .filter(|s| s.wants(&event.event_type, outlets))
        .map(|s| NewDelivery {
            id: uuid::Uuid::now_v7().to_string(),
            event_id: event.id.clone(),
            subscription_id: s.id.clone(),
            state: "pending",
            attempts: 0,
            next_attempt_at: event.created_at,
            created_at: event.created_at,
        })
        .collect()
}

/// Stores events and their deliveries (inside the transaction that made the
/// change), a few statements for all of them.
pub fn store(
    conn: &mut DbConn,
    events: &[OutboxRow],
    deliveries: &[NewDelivery],
) -> QueryResult<()> {
    crate::db::insert_many!(conn, outbox_events::table, events);
    crate::db::insert_many!(conn, webhook_deliveries::table, deliveries);
    Ok(())
}
