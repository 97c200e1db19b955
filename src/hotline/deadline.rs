//! A ticket's next deadline: of its running acceptance and handling clocks,
//! the one due first, with the instants it turns due soon and overdue. Kept
//! in `ticket_deadlines` with every change so that the sweep and the queue
//! filters query an index instead of recomputing every ticket's clocks.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::view::clocks;
use crate::db::deadlines::DeadlineRow;
use crate::directory::Directory;
use crate::domain::calendar::shanghai;
use crate::domain::clocks::Timer;
use crate::domain::ticket::{Event, Ticket};

/// The next deadline of an open ticket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    /// The clock it belongs to (acceptance or handling).
    pub timer: Timer,
    /// Its last day.
    pub due: NaiveDate,
    /// Counted on a provisional calendar.
    pub provisional: bool,
    /// From this instant the clock is due soon (the start of the last working day before `due`).
    pub due_soon_at: DateTime<Utc>,
    /// From this instant the clock is overdue (the start of the day after `due`).
    pub overdue_at: DateTime<Utc>,
}

/// Midnight at the start of a date in China Standard Time.
fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(shanghai())
        .single()
        .expect("a fixed offset")
        .with_timezone(&Utc)
}

/// The ticket's next deadline as of `now`; `None` when it is closed or no
/// acceptance or handling clock runs.
pub fn next_deadline(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    now: DateTime<Utc>,
) -> Option<Deadline> {
    if !ticket.is_open() {
        return None;
    }
    let cal = &dir.catalogue.calendar;
    clocks(dir, ticket, history, now)
        .into_iter()
        .filter(|c| matches!(c.timer, Timer::Acceptance | Timer::Handling))
        .filter(|c| c.stopped_at.is_none())
        .filter_map(|c| Some((c.due.ok()?, c)))
        .min_by_key(|(due, _)| *due)
        .map(|(due, c)| Deadline {
            timer: c.timer,
            due,
            provisional: c.provisional,
            due_soon_at: start_of(cal.previous_working_day(due).unwrap_or(due)),
            overdue_at: start_of(due + Days::new(1)),
        })
}

/// The row to store for a ticket (`None` for a closed one), with the stamp
/// of the calendar and rules it was computed with.
pub fn row(ticket: &Ticket, deadline: Option<Deadline>, stamp: i64) -> Option<DeadlineRow> {
    ticket.is_open().then(|| DeadlineRow {
        ticket_id: ticket.id.clone(),
        timer: deadline.map(|d| d.timer.as_str().to_owned()),
        due: deadline.map(|d| d.due),
        provisional: deadline.is_some_and(|d| d.provisional),
        due_soon_at: deadline.map(|d| d.due_soon_at.naive_utc()),
        overdue_at: deadline.map(|d| d.overdue_at.naive_utc()),
        stamp,
    })
}
