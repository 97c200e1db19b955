//! Escalation (督办): a ticket with an overdue clock goes to the queue of the
//! assigned outlet's parent, with an event in its history. The sweep reads
//! candidates from the deadline index in small batches, each a short write,
//! and checks every candidate's clocks before acting.

use chrono::{DateTime, Utc};

use super::actions::{store_outcome, Outcome};
use super::actor::Actor;
use super::deadline::{row, summarize};
use crate::db::deadlines::DeadlineRow;
use crate::db::durability::unflushed_write_transaction;
use crate::db::{self, DbConn};
use crate::directory::{Directory, SharedDirectory};
use crate::domain::ticket::{Event, Ticket, TicketAction};
use crate::error::AppError;

/// What one batch of the sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Candidates looked at.
    pub examined: usize,
    /// Tickets escalated.
    pub escalated: usize,
    /// Tickets no longer overdue whose deadline was recomputed.
    pub refreshed: usize,
    /// How long the batch wrote before its commit (the rest of its hold of
    /// the writer is the commit); summed over a whole sweep's batches.
    pub writing: std::time::Duration,
}

impl Swept {
    /// Whether another batch may find more: this one was full and moved something.
    pub fn more(&self, limit: i64) -> bool {
        self.examined as i64 == limit && self.escalated + self.refreshed > 0
    }
}

/// Tickets with their histories, in the order of `ids`.
fn load(conn: &mut DbConn, ids: &[String]) -> Result<Vec<(Ticket, Vec<Event>)>, AppError> {
    let mut histories = db::tickets::events_of(conn, ids)?;
    let mut loaded = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(ticket) = db::tickets::find(conn, id)? {
            let history = histories.remove(id).unwrap_or_default();
            loaded.push((ticket, history));
        }
    }
    Ok(loaded)
}

/// The escalation of one overdue ticket to its outlet's parent, if it has one.
fn escalation(
    dir: &Directory,
    (ticket, history): (&Ticket, &[Event]),
    now: DateTime<Utc>,
) -> Option<Outcome> {
    let parent = ticket
        .outlet_id
        .as_deref()
        .and_then(|id| dir.outlets.get(id))
        .and_then(|o| o.parent_id().map(str::to_owned))?;
    let state = ticket.state;
    let mut e = Actor::system().event(
        &ticket.id,
        TicketAction::Escalate,
        (Some(state), state),
        now,
    );
    e.outlet_id = Some(parent.clone());
    e.note = Some("办理超期，转上级网点督办".into());
    let mut next = ticket.clone();
    next.escalated_to = Some(parent);
    next.version += 1;
    next.updated_at = now;
    Some(Outcome::new(dir, (next, history), vec![e], now))
}

/// What one batch of the sweep will write, worked out on a reading
/// connection so that the writer is held only to write it.
#[derive(Debug, Default)]
pub struct SweepPlan {
    /// Candidates looked at.
    examined: usize,
    /// Escalations, each with the ticket as it was read.
    escalations: Vec<(Ticket, Outcome)>,
    /// Tickets no longer overdue (a pause or a new calendar moved their
    /// deadline), as read, with their deadline recomputed.
    refreshes: Vec<(Ticket, DeadlineRow)>,
}

/// Plans one batch of the sweep: up to `limit` tickets whose stored deadline
/// has passed. Those still overdue are to be escalated; the others get their
/// deadline recomputed.
pub fn plan_batch(
    conn: &mut DbConn,
    directory: &SharedDirectory,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<SweepPlan, AppError> {
    let ids = db::deadlines::overdue_candidates(conn, now.naive_utc(), limit)?;
    let candidates = load(conn, &ids)?;
    let dir = directory.read();
    let stamp = dir.catalogue.clock_stamp();
    let mut plan = SweepPlan {
        examined: candidates.len(),
        ..SweepPlan::default()
    };
    for (ticket, history) in candidates {
        // Overdue exactly when its next deadline has passed (see `summarize`).
        let summary = summarize(&dir, &ticket, &history, now);
        if summary.deadline.is_some_and(|d| now >= d.overdue_at) {
            if let Some(outcome) = escalation(&dir, (&ticket, &history), now) {
                plan.escalations.push((ticket, outcome));
            }
        } else {
            let row = row(&ticket, summary, stamp);
            plan.refreshes.push((ticket, row));
        }
    }
    Ok(plan)
}

/// How long one batch may hold the writer before it stops writing: the
/// rest of its tickets are still overdue, so the next batch plans them again.
/// An escalation is about 1 ms of writes on SQLite but about 5 ms of round
/// trips on PostgreSQL, where 20 of them held the writer 108 ms. With 25 ms
/// the longest hold on a loaded two-core machine was 32–98 ms (over 50 in
/// four of six runs); with 10 ms, 17–43 ms in four, intake unchanged.
pub const HOLD_BUDGET: std::time::Duration = std::time::Duration::from_millis(10);

/// Writes a planned batch in one transaction, stopping once it has held the
/// writer for [`HOLD_BUDGET`]. A ticket changed since it was read is left to
/// the next sweep, which reads it again.
///
/// The commit does not wait for the disk: on PostgreSQL that wait was most
/// of a batch's hold (63 of 73 ms at 10,000 tickets under intake). A batch
/// lost to a power cut is written again by the next sweep, which finds the
/// same tickets overdue and not yet escalated; any later write that depends
/// on it waits for the disk, and so takes it there first.
pub fn apply_batch(conn: &mut DbConn, plan: &SweepPlan) -> Result<Swept, AppError> {
    let started = std::time::Instant::now();
    unflushed_write_transaction(conn, |conn| {
        let mut swept = write_planned(conn, plan, started)?;
        swept.writing = started.elapsed();
        Ok(swept)
    })
}

/// The writes of [`apply_batch`], inside its transaction.
fn write_planned(
    conn: &mut DbConn,
    plan: &SweepPlan,
    started: std::time::Instant,
) -> Result<Swept, AppError> {
    // At least one ticket a batch, so that the sweep always moves on.
    let mut tried = 0;
    let mut spent = move || {
        tried += 1;
        tried > 1 && started.elapsed() >= HOLD_BUDGET
    };
    let mut swept = Swept {
        examined: plan.examined,
        ..Swept::default()
    };
    for (before, outcome) in &plan.escalations {
        if spent() {
            return Ok(swept);
        }
        // Inside the batch's transaction: a ticket changed meanwhile is
        // refused before anything is written, and any other error rolls
        // the whole batch back, so no savepoint is needed.
        match store_outcome(conn, outcome, before) {
            Ok(()) => swept.escalated += 1,
            // Changed meanwhile (or escalated by another replica).
            Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    for (before, row) in &plan.refreshes {
        if spent() {
            return Ok(swept);
        }
        let current = db::tickets::find(conn, &before.id)?.map(|t| t.version);
        if current == Some(before.version) {
            db::deadlines::put(conn, row)?;
            swept.refreshed += 1;
        }
    }
    Ok(swept)
}

/// Recomputes the stored summaries of these tickets (found stale by
/// [`db::deadlines::stale`] on a reading connection); returns how many.
pub fn refresh(
    conn: &mut DbConn,
    directory: &SharedDirectory,
    now: DateTime<Utc>,
    ids: &[String],
) -> Result<usize, AppError> {
    // Lost to a power cut, these summaries are stale again when the service
    // starts, and the refresh at start writes them again.
    unflushed_write_transaction(conn, |conn| {
        let loaded = load(conn, ids)?;
        let stamp = directory.read().catalogue.clock_stamp();
        for (ticket, history) in &loaded {
            let summary = summarize(&directory.read(), ticket, history, now);
            db::deadlines::put(conn, &row(ticket, summary, stamp))?;
        }
        Ok(loaded.len())
    })
}
