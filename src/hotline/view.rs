//! Reading a ticket: its clocks as of now, from its history and the rules.

use chrono::{DateTime, Utc};

use crate::directory::Directory;
use crate::domain::clocks::{compute, Clock, ClockEvent, Timer, WarningLevel};
use crate::domain::ticket::{Event, Ticket};

/// The parts of the history the clocks read.
pub fn clock_events(history: &[Event]) -> Vec<ClockEvent> {
    history
        .iter()
        .map(|e| ClockEvent {
            at: e.at,
            action: e.action,
            days: e.days,
        })
        .collect()
}

/// The ticket's clocks as of `now`.
pub fn clocks(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    now: DateTime<Utc>,
) -> Vec<Clock> {
    compute(
        &dir.catalogue.rules().clock_rules,
        (ticket.kind, ticket.category),
        ticket.received_at,
        &clock_events(history),
        &dir.catalogue.calendar,
        now,
    )
}

/// Whether an acceptance or handling clock is due soon and none is overdue.
pub fn is_due_soon(clocks: &[Clock]) -> bool {
    !is_overdue(clocks)
        && clocks.iter().any(|c| {
            matches!(c.timer, Timer::Acceptance | Timer::Handling)
                && c.level == Some(WarningLevel::DueSoon)
        })
}

/// Whether the outlet's acceptance or handling limit has run out (what escalation
/// acts on; a late callback is the hotline's own delay, shown on its clock).
pub fn is_overdue(clocks: &[Clock]) -> bool {
    clocks.iter().any(|c| {
        matches!(c.timer, Timer::Acceptance | Timer::Handling)
            && c.level == Some(WarningLevel::Overdue)
    })
}
