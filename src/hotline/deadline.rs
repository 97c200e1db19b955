//! What a ticket's clocks come to: its next deadline (of its running
//! acceptance and handling clocks, the one due first, with the instants it
//! turns due soon and overdue) and the outcome of its stopped clocks. Kept in
//! `ticket_deadlines` with every change so that the sweep, the queue filters
//! and the statistics query an index instead of recomputing every ticket;
//! with it, the day of its first direct answer and whether that came at
//! first contact.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::resolution::at_first_contact;
use super::view::clocks;
use crate::db::deadlines::DeadlineRow;
use crate::directory::Directory;
use crate::domain::calendar::{day_start, local_date, WorkCalendar};
use crate::domain::clocks::{Clock, Timer};
use crate::domain::ticket::{Event, Ticket, TicketAction, TicketState};

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

/// How a stopped handling clock ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handling {
    /// Stopped by its due date.
    pub met: bool,
    /// Working days from 签收 to 答复, pauses excluded.
    pub working_days: u32,
}

/// A ticket's clocks, summed up.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// The next deadline of an open ticket.
    pub deadline: Option<Deadline>,
    /// The outcome of its handling clock, once stopped.
    pub handling: Option<Handling>,
    /// Whether the sweep may escalate it once overdue: assigned or in hand,
    /// not escalated yet, at an outlet that has a parent.
    pub escalatable: bool,
    /// Entries dated more than a minute before they were recorded (补录).
    pub backdated: u32,
    /// Whether the acceptance clock stopped in time, once stopped.
    pub acceptance_met: Option<bool>,
    /// Whether the callback clock stopped in time, once stopped.
    pub callback_met: Option<bool>,
    /// The day (China Standard Time) of its first direct answer.
    pub answered_on: Option<NaiveDate>,
    /// Whether that answer came at first contact (一次办结).
    pub first_contact: bool,
}

/// The ticket's clocks as of `now`, summed up.
pub fn summarize(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    now: DateTime<Utc>,
) -> Summary {
    let cal = &dir.catalogue.calendar;
    let clocks = clocks(dir, ticket, history, now);
    let deadline = earliest_running(cal, ticket, &clocks, now);
    let handling = handling(cal, &clocks);
    let escalatable = escalatable(dir, ticket);
    let backdated = (history.iter())
        .filter(|e| e.recorded_at - e.at > chrono::Duration::minutes(1))
        .count() as u32;
    let met = |timer: Timer| {
        (clocks.iter())
            .find(|c| c.timer == timer && c.stopped_at.is_some())
            .and_then(|c| c.met)
    };
    let answered_on = (history.iter())
        .filter(|e| e.action == TicketAction::Answer)
        .map(|e| local_date(e.at))
        .min();
    Summary {
        deadline,
        handling,
        escalatable,
        backdated,
        acceptance_met: met(Timer::Acceptance),
        callback_met: met(Timer::Callback),
        answered_on,
        first_contact: answered_on.is_some() && at_first_contact(history),
    }
}

/// The earliest due acceptance or handling clock still running, if the
/// ticket is open.
fn earliest_running(
    cal: &WorkCalendar,
    ticket: &Ticket,
    clocks: &[Clock],
    now: DateTime<Utc>,
) -> Option<Deadline> {
    (clocks.iter())
        .filter(|_| ticket.is_open())
        .filter(|c| matches!(c.timer, Timer::Acceptance | Timer::Handling))
        .filter(|c| c.stopped_at.is_none())
        .filter_map(|c| Some((c.due.ok()?, c)))
        .min_by_key(|(due, _)| *due)
        .map(|(due, c)| Deadline {
            timer: c.timer,
            due,
            provisional: c.provisional,
            due_soon_at: day_start(cal.previous_working_day(due).unwrap_or(due)),
            overdue_at: day_start(due + Days::new(1)),
        })
        // A paused clock does not count down: while paused it only stays
        // overdue if it already was, so it has no deadline to index otherwise.
        .filter(|d| ticket.state != TicketState::Paused || now >= d.overdue_at)
}

/// The stopped handling clock: in time or not, and the working days it ran
/// less the days it was paused.
fn handling(cal: &WorkCalendar, clocks: &[Clock]) -> Option<Handling> {
    let h = (clocks.iter()).find(|c| c.timer == Timer::Handling && c.stopped_at.is_some())?;
    let stop = h.stopped_at?;
    let worked = cal
        .working_days_between(local_date(h.started_at), local_date(stop))
        .map_or(0, |w| w.value);
    Some(Handling {
        met: h.met == Some(true),
        working_days: worked.saturating_sub(h.paused_days),
    })
}

/// Whether the sweep may escalate the ticket when overdue: not escalated
/// yet, being handled, by an outlet with a parent to escalate to.
fn escalatable(dir: &Directory, ticket: &Ticket) -> bool {
    ticket.escalated_to.is_none()
        && matches!(
            ticket.state,
            TicketState::Assigned | TicketState::Accepted | TicketState::Paused
        )
        && (ticket.outlet_id.as_deref())
            .and_then(|id| dir.outlets.get(id))
            .is_some_and(|o| o.parent_id().is_some())
}

/// The ticket's next deadline as of `now`; `None` when it is closed, no
/// acceptance or handling clock runs, or the clock is paused in time.
pub fn next_deadline(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    now: DateTime<Utc>,
) -> Option<Deadline> {
    summarize(dir, ticket, history, now).deadline
}

/// The row to store for a ticket, with the stamp of the calendar and rules
/// it was computed with.
pub fn row(ticket: &Ticket, summary: Summary, stamp: i64) -> DeadlineRow {
    let deadline = summary.deadline;
    DeadlineRow {
        ticket_id: ticket.id.clone(),
        outlet_id: ticket.outlet_id.clone(),
        received_day: local_date(ticket.received_at),
        closed: !ticket.is_open(),
        satisfaction: ticket.satisfaction.map(i32::from),
        sweep_at: deadline
            .filter(|_| summary.escalatable)
            .map(|d| d.overdue_at.naive_utc()),
        timer: deadline.map(|d| d.timer.as_str().to_owned()),
        due: deadline.map(|d| d.due),
        provisional: deadline.is_some_and(|d| d.provisional),
        due_soon_at: deadline.map(|d| d.due_soon_at.naive_utc()),
        overdue_at: deadline.map(|d| d.overdue_at.naive_utc()),
        handling_met: summary.handling.map(|h| h.met),
        handling_days: summary.handling.map(|h| h.working_days as i32),
        backdated: summary.backdated as i32,
        acceptance_met: summary.acceptance_met,
        callback_met: summary.callback_met,
        answered_on: summary.answered_on,
        first_contact: summary.first_contact,
        stamp,
    }
}
