//! Reading a ticket: its clocks as of now, from its history and the rules.

use chrono::{DateTime, Utc};

use crate::db::tickets::{EventRow, TicketRow};
use crate::directory::Directory;
use crate::domain::clocks::{compute, Clock, ClockEvent, Timer, WarningLevel};

/// The parts of the history the clocks read (unknown actions are skipped).
pub fn clock_events(history: &[EventRow]) -> Vec<ClockEvent> {
    history
        .iter()
        .filter_map(|e| {
            Some(ClockEvent {
                at: e.at.and_utc(),
                action: e.action.parse().ok()?,
                days: e.days.and_then(|d| u32::try_from(d).ok()),
            })
        })
        .collect()
}

/// The ticket's clocks as of `now`; none when its kind or category is unknown.
pub fn clocks(
    dir: &Directory,
    ticket: &TicketRow,
    history: &[EventRow],
    now: DateTime<Utc>,
) -> Vec<Clock> {
    let (Ok(kind), Ok(category)) = (ticket.kind.parse(), ticket.category.parse()) else {
        return Vec::new();
    };
    compute(
        &dir.catalogue.rules.clock_rules,
        (kind, category),
        ticket.received_at.and_utc(),
        &clock_events(history),
        &dir.catalogue.calendar,
        now,
    )
}

/// Whether the outlet's acceptance or handling limit has run out (what escalation
/// acts on; a late callback is the hotline's own delay, shown on its clock).
pub fn is_overdue(clocks: &[Clock]) -> bool {
    clocks.iter().any(|c| {
        matches!(c.timer, Timer::Acceptance | Timer::Handling)
            && c.level == Some(WarningLevel::Overdue)
    })
}
