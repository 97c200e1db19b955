//! What a batch's jobs share besides the commit: rows they leave to be
//! written together just before it, and the tracking numbers they take.
//!
//! On PostgreSQL every statement is a round trip, and the batch's jobs run
//! one after another while every other intake waits for the commit. A new
//! ticket is eight or more statements; written as it comes, a batch of ten
//! spent about 14 ms on round trips. Left for the end, the same rows go as
//! one multi-row insert per table and one upsert per counter key, and the
//! tracking numbers come from one reservation for the whole batch.

use std::ops::{Deref, DerefMut};

use diesel::QueryResult;

use crate::db::access_log::Disclosure;
use crate::db::deadlines::{DeadlineRow, Tally};
use crate::db::schema::{ticket_deadlines, ticket_events, tickets};
use crate::db::tickets::{EventRow, TicketRow};
use crate::db::webhooks::{NewDelivery, OutboxRow, SubscriptionRow};
use crate::db::DbConn;
use crate::domain::ticket::{Event, Ticket};

/// The connection a batch's jobs run on, with what they leave for the commit.
/// It dereferences to the connection for everything else a job writes or
/// reads; rows left here are not visible to reads until the batch flushes.
pub struct BatchConn<'c> {
    conn: &'c mut DbConn,
    /// Jobs from the running one to the end of the batch: how many tracking
    /// numbers one reservation takes.
    pub(super) room: i64,
    deferred: Deferred,
}

/// Tracking numbers reserved for a day: `next` to `last` are still free.
struct Reservation {
    day: String,
    next: i64,
    last: i64,
}

#[derive(Default)]
struct Deferred {
    tickets: Vec<TicketRow>,
    events: Vec<EventRow>,
    deadlines: Vec<DeadlineRow>,
    tally: Tally,
    outbox: Vec<OutboxRow>,
    deliveries: Vec<NewDelivery>,
    access: Vec<Disclosure>,
    /// Active webhook subscriptions, read once per batch.
    webhooks: Option<Vec<SubscriptionRow>>,
    reservation: Option<Reservation>,
}

impl<'c> BatchConn<'c> {
    /// An empty batch on `conn` (inside its transaction).
    pub(super) fn new(conn: &'c mut DbConn) -> Self {
        Self {
            conn,
            room: 1,
            deferred: Deferred::default(),
        }
    }

    /// The next number of a day's sequence. The first call of a batch
    /// reserves one for each job left in it; [`flush`](Self::flush) gives
    /// back those not taken, so numbers have no gaps.
    pub fn next_sequence(&mut self, day: &str) -> QueryResult<i64> {
        if let Some(r) = &mut self.deferred.reservation {
            if r.day == day && r.next <= r.last {
                r.next += 1;
                return Ok(r.next - 1);
            }
        }
        self.give_back()?;
        let last = crate::db::tickets::reserve_sequence(self.conn, day, self.room)?;
        self.deferred.reservation = Some(Reservation {
            day: day.to_owned(),
            next: last - self.room + 2,
            last,
        });
        Ok(last - self.room + 1)
    }

    /// Returns the reserved numbers no job took. The day's counter row stays
    /// locked by the reservation until the commit, so nobody took a later one.
    fn give_back(&mut self) -> QueryResult<()> {
        match self.deferred.reservation.take() {
            Some(r) if r.next <= r.last => {
                crate::db::tickets::return_sequence(self.conn, &r.day, r.last - r.next + 1)
            }
            _ => Ok(()),
        }
    }

    /// A new ticket and its history, stored at the flush.
    pub fn insert_ticket(&mut self, ticket: &Ticket, events: &[Event]) {
        self.deferred.tickets.push(TicketRow::from(ticket));
        (self.deferred.events).extend(events.iter().map(EventRow::from));
    }

    /// The clock summary of a ticket that has none yet, stored at the flush
    /// with its contribution to the counters.
    pub fn insert_deadline(&mut self, row: DeadlineRow) {
        self.deferred.tally.shift(None, &row);
        self.deferred.deadlines.push(row);
    }

    /// Active webhook subscriptions (read once per batch: one registered
    /// meanwhile counts from the next batch).
    pub fn active_webhooks(&mut self) -> QueryResult<&[SubscriptionRow]> {
        if self.deferred.webhooks.is_none() {
            self.deferred.webhooks = Some(crate::db::webhooks::active(self.conn)?);
        }
        Ok(self.deferred.webhooks.as_deref().unwrap_or_default())
    }

    /// Outbox events and their deliveries, stored at the flush.
    pub fn insert_webhook_events(&mut self, events: Vec<OutboxRow>, deliveries: Vec<NewDelivery>) {
        self.deferred.outbox.extend(events);
        self.deferred.deliveries.extend(deliveries);
    }

    /// An answer's full views of personal data, logged at the flush.
    pub fn log_access(&mut self, answer: Disclosure) {
        self.deferred.access.push(answer);
    }

    /// Writes what the jobs left, parents before the rows that refer to them.
    pub(super) fn flush(mut self) -> QueryResult<()> {
        self.give_back()?;
        let d = std::mem::take(&mut self.deferred);
        let conn = self.conn;
        crate::db::insert_many!(conn, tickets::table, &d.tickets);
        crate::db::insert_many!(conn, ticket_events::table, &d.events);
        crate::db::insert_many!(conn, ticket_deadlines::table, &d.deadlines);
        d.tally.write(conn)?;
        crate::db::webhooks::store(conn, &d.outbox, &d.deliveries)?;
        crate::db::access_log::log_access(conn, &d.access)
    }
}

impl Deref for BatchConn<'_> {
    type Target = DbConn;

    fn deref(&self) -> &DbConn {
        self.conn
    }
}

impl DerefMut for BatchConn<'_> {
    fn deref_mut(&mut self) -> &mut DbConn {
        self.conn
    }
}
