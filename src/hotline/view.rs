//! Reading a ticket: its clocks as of now, from its history and the rules.

use chrono::{DateTime, Utc};

use crate::directory::Directory;
use crate::domain::clocks::{compute, Clock, ClockEvent, ClockRule, Timer, WarningLevel};
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
    clocks_from(dir, ticket, &clock_events(history), now)
}

/// The ticket's clocks as of `now`, from what they read of its history.
pub fn clocks_from(
    dir: &Directory,
    ticket: &Ticket,
    events: &[ClockEvent],
    now: DateTime<Utc>,
) -> Vec<Clock> {
    compute(
        &dir.catalogue.rules().clock_rules,
        (ticket.kind, ticket.category),
        ticket.received_at,
        events,
        &dir.catalogue.calendar,
        now,
    )
}

/// When the ticket is expected to be answered, and whether a provisional
/// calendar went into it: the handling clock's due date once the outlet has
/// accepted; before that, the latest it can be (accepted on the last day of
/// the acceptance limit, then answered on the last day of the handling limit).
pub fn expected_answer(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    now: DateTime<Utc>,
) -> Option<(chrono::NaiveDate, bool)> {
    let all = clocks(dir, ticket, history, now);
    let due = |timer: Timer| {
        (all.iter().rev().find(|c| c.timer == timer))
            .and_then(|c| Some((c.due.ok()?, c.provisional)))
    };
    if let Some(handling) = due(Timer::Handling) {
        return Some(handling);
    }
    let (accept_by, provisional) = due(Timer::Acceptance)?;
    let rules = &dir.catalogue.rules().clock_rules;
    let applies = |r: &&ClockRule| r.kind == ticket.kind && r.timer == Timer::Handling;
    let rule = (rules.iter().filter(applies))
        .max_by_key(|r| r.category == Some(ticket.category))
        .filter(|r| r.category.is_none_or(|c| c == ticket.category))?;
    let answered = (dir.catalogue.calendar)
        .due_date(accept_by, rule.days, rule.day_kind)
        .ok()?;
    Some((answered.value, provisional || answered.provisional))
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
