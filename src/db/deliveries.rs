//! Webhook deliveries: leasing due ones (each to one worker across replicas),
//! recording attempts, the delivery log and redelivery.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{outbox_events, webhook_attempts, webhook_deliveries, webhook_subscriptions};
use super::webhooks::{OutboxRow, SubscriptionRow};
use super::{write_transaction, DbConn};

type Backend = <DbConn as diesel::Connection>::Backend;

/// A delivery of one event to one subscription.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub event_id: String,
    pub subscription_id: String,
    /// `pending`, `delivered`, `dead` or `cancelled`.
    pub state: String,
    /// Failed attempts since it was (re)queued.
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_token: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// One attempt, for the delivery log.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub started_at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
}

/// A leased delivery with what is needed to send it.
pub type Claimed = (DeliveryRow, OutboxRow, SubscriptionRow);

/// Leases up to `limit` due deliveries to `token` until `lease_until`. On
/// PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED`, so workers on
/// other replicas take other rows instead of waiting; on SQLite the write
/// transaction is exclusive. A lease that runs out (a worker died) makes the
/// row due again.
pub fn claim(
    conn: &mut DbConn,
    now: NaiveDateTime,
    (token, lease_until): (&str, NaiveDateTime),
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    use webhook_deliveries as d;
    write_transaction(conn, |conn| {
        let due = d::table
            .filter(d::state.eq("pending"))
            .filter(d::next_attempt_at.le(now))
            .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
            .order(d::next_attempt_at.asc())
            .limit(limit)
            .select(d::id);
        let ids: Vec<String> = match conn {
            DbConn::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
            DbConn::Sqlite(sqlite) => due.load(sqlite)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(d::table.filter(d::id.eq_any(&ids)))
            .set((d::lease_token.eq(token), d::lease_until.eq(lease_until)))
            .execute(conn)?;
        d::table
            .inner_join(outbox_events::table)
            .inner_join(webhook_subscriptions::table)
            .filter(d::id.eq_any(&ids))
            .select((
                DeliveryRow::as_select(),
                OutboxRow::as_select(),
                SubscriptionRow::as_select(),
            ))
            .load(conn)
    })
}

/// The outcome of an attempt, to store.
#[derive(Debug, Clone)]
pub struct Finished {
    pub state: &'static str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// Stores an attempt and, if the lease is still ours, the delivery's new state.
pub fn finish(
    conn: &mut DbConn,
    (delivery_id, token): (&str, &str),
    finished: &Finished,
    attempt: &AttemptRow,
) -> QueryResult<usize> {
    use webhook_deliveries as d;
    write_transaction(conn, |conn| {
        diesel::insert_into(webhook_attempts::table)
            .values(attempt)
            .execute(conn)?;
        diesel::update(
            d::table
                .find(delivery_id)
                .filter(d::lease_token.eq(token))
                .filter(d::state.eq("pending")),
        )
        .set((
            d::state.eq(finished.state),
            d::attempts.eq(finished.attempts),
            d::next_attempt_at.eq(finished.next_attempt_at),
            d::delivered_at.eq(finished.delivered_at),
            d::last_status.eq(attempt.status_code),
            d::last_error.eq(&attempt.error),
            d::lease_token.eq(None::<String>),
            d::lease_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
    })
}

/// A page of a subscription's deliveries, newest first, with their events.
pub fn page(
    conn: &mut DbConn,
    subscription_id: &str,
    state: Option<&str>,
    (before_id, limit): (Option<&str>, i64),
) -> QueryResult<Vec<(DeliveryRow, OutboxRow)>> {
    use webhook_deliveries as d;
    let mut q = d::table
        .inner_join(outbox_events::table)
        .filter(d::subscription_id.eq(subscription_id))
        .select((DeliveryRow::as_select(), OutboxRow::as_select()))
        .into_boxed::<Backend>();
    if let Some(state) = state {
        q = q.filter(d::state.eq(state.to_owned()));
    }
    if let Some(before) = before_id {
        q = q.filter(d::id.lt(before.to_owned()));
    }
    q.order(d::id.desc()).limit(limit).load(conn)
}

/// One delivery of a subscription, with its event.
pub fn find(
    conn: &mut DbConn,
    subscription_id: &str,
    id: &str,
) -> QueryResult<Option<(DeliveryRow, OutboxRow)>> {
    webhook_deliveries::table
        .inner_join(outbox_events::table)
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .filter(webhook_deliveries::id.eq(id))
        .select((DeliveryRow::as_select(), OutboxRow::as_select()))
        .first(conn)
        .optional()
}

/// The attempts of some deliveries, oldest first.
pub fn attempts(conn: &mut DbConn, delivery_ids: &[String]) -> QueryResult<Vec<AttemptRow>> {
    webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(delivery_ids))
        .order((
            webhook_attempts::started_at.asc(),
            webhook_attempts::id.asc(),
        ))
        .select(AttemptRow::as_select())
        .load(conn)
}

/// Queues a delivery again at once, with a fresh attempt budget; rows changed.
pub fn redeliver(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    use webhook_deliveries as d;
    diesel::update(d::table.find(id))
        .set((
            d::state.eq("pending"),
            d::attempts.eq(0),
            d::next_attempt_at.eq(now),
            d::lease_token.eq(None::<String>),
            d::lease_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
}

/// Forgets delivered and cancelled deliveries created before `before`, with
/// their attempts and any event left without deliveries; dead letters stay
/// until an admin redelivers them. Returns how many deliveries went.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    use webhook_deliveries as d;
    write_transaction(conn, |conn| {
        let old: Vec<(String, String)> = d::table
            .filter(d::state.eq_any(["delivered", "cancelled"]))
            .filter(d::created_at.lt(before))
            .select((d::id, d::event_id))
            .load(conn)?;
        // Both backends cap the number of bound parameters; stay well below.
        for chunk in old.chunks(500) {
            let ids: Vec<&String> = chunk.iter().map(|(id, _)| id).collect();
            let events: Vec<&String> = chunk.iter().map(|(_, e)| e).collect();
            diesel::delete(
                webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(&ids)),
            )
            .execute(conn)?;
            diesel::delete(d::table.filter(d::id.eq_any(&ids))).execute(conn)?;
            let still_used: Vec<String> = d::table
                .filter(d::event_id.eq_any(&events))
                .select(d::event_id)
                .load(conn)?;
            let unused: Vec<&&String> = events.iter().filter(|e| !still_used.contains(e)).collect();
            diesel::delete(outbox_events::table.filter(outbox_events::id.eq_any(unused)))
                .execute(conn)?;
        }
        Ok(old.len())
    })
}
