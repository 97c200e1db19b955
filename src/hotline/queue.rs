//! A page of a ticket queue: the stored-deadline index narrows it, the
//! clocks recomputed from each ticket's history decide it.

use chrono::{DateTime, Utc};

use crate::db::tickets::QueueFilter;
use crate::db::{self, DbConn};
use crate::directory::SharedDirectory;
use crate::domain::clocks::Clock;
use crate::domain::ticket::Ticket;
use crate::error::AppError;
use crate::hotline::view;

/// What a queue asks of a ticket's clocks: `Some(true)` only tickets in that
/// condition, `Some(false)` only tickets not in it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClockWanted {
    /// An overdue acceptance or handling clock.
    pub overdue: Option<bool>,
    /// A clock due today or on the next working day, and none overdue.
    pub due_soon: Option<bool>,
}

impl ClockWanted {
    fn accepts(self, clocks: &[Clock]) -> bool {
        self.overdue.is_none_or(|o| o == view::is_overdue(clocks))
            && self.due_soon.is_none_or(|d| d == view::is_due_soon(clocks))
    }
}

/// Up to `filter.limit` tickets after `filter.after_id` (one more than a
/// page tells the caller there is a next one), with their clocks at `now`.
/// The index answers the clock filters from stored deadlines, so the check
/// against the recomputed clocks rarely drops one and reads further.
pub fn page(
    conn: &mut DbConn,
    directory: &SharedDirectory,
    mut filter: QueueFilter,
    wanted: ClockWanted,
    now: DateTime<Utc>,
) -> Result<Vec<(Ticket, Vec<Clock>)>, AppError> {
    let mut page = Vec::new();
    loop {
        let batch = db::tickets::queue(conn, &filter)?;
        let exhausted = batch.len() < filter.limit as usize;
        filter.after_id = (batch.last())
            .map(|t| t.id.clone())
            .or(filter.after_id.take());
        let ids: Vec<String> = batch.iter().map(|t| t.id.clone()).collect();
        let mut history = db::tickets::clock_events_of(conn, &ids)?;
        let dir = directory.read();
        for ticket in batch {
            let events = history.remove(&ticket.id).unwrap_or_default();
            let clocks = view::clocks_from(&dir, &ticket, &events, now);
            if wanted.accepts(&clocks) {
                page.push((ticket, clocks));
            }
        }
        if exhausted || page.len() >= filter.limit as usize {
            return Ok(page);
        }
    }
}
