//! Actions on a ticket: checked against the state machine, the caller's role
//! and the rules (`plan`, pure but for the directory it reads), then stored as
//! new events with an optimistic version check (`store`).

mod checks;
mod effects;
mod store;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

pub use checks::required;
pub use store::{commit, store_outcome, take, Taken};

use super::actor::Actor;
use super::deadline::{summarize, Summary};
use crate::directory::Directory;
use crate::domain::ticket::{CloseReason, Event, Ticket, TicketAction, TicketCategory, TicketKind};
use crate::domain::vocab::Role;
use crate::error::AppError;

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// When it took effect (operators backdating a call), default now.
    pub at: Option<DateTime<Utc>>,
    /// The actor's note (internal).
    pub note: Option<String>,
    /// What the citizen is shown of this step.
    pub public_note: Option<String>,
    /// The outlet to assign to (assign, reassign).
    pub outlet_id: Option<String>,
    /// Working days (extensions).
    pub days: Option<u32>,
    /// Callback score, 1 to 5.
    pub satisfaction: Option<u8>,
    /// The answer (reply, answer).
    pub reply: Option<String>,
    /// Why it is closed (close).
    pub close_reason: Option<CloseReason>,
    /// The ticket to merge into (merge).
    pub merge_into: Option<String>,
    /// New kind (classify).
    pub kind: Option<TicketKind>,
    /// New category (classify).
    pub category: Option<TicketCategory>,
    /// Knowledge entries the answer or reply rests on (reply, answer).
    pub cited_entries: Vec<String>,
}

/// The changed ticket and the events to append (some may belong to a merge target).
#[derive(Debug)]
pub struct Outcome {
    /// The ticket after the action.
    pub ticket: Ticket,
    /// New history entries, in order.
    pub events: Vec<Event>,
    /// The ticket's clocks after the action, summed up.
    pub summary: Summary,
    /// The calendar and rules it was computed with.
    pub stamp: i64,
    /// Knowledge entries the action cited.
    pub citations: Vec<String>,
}

impl Outcome {
    /// The changed ticket with its new events, and its clocks summed up
    /// from its whole history.
    pub fn new(
        dir: &Directory,
        (ticket, history): (Ticket, &[Event]),
        events: Vec<Event>,
        now: DateTime<Utc>,
    ) -> Self {
        let all: Vec<Event> = history
            .iter()
            .chain(events.iter().filter(|e| e.ticket_id == ticket.id))
            .cloned()
            .collect();
        Self {
            summary: summarize(dir, &ticket, &all, now),
            stamp: dir.catalogue.clock_stamp(),
            ticket,
            events,
            citations: Vec::new(),
        }
    }
}

/// Checks an action and works out its effects: 403 when the role may not take
/// it, 409 when the state does not allow it, 422 when a field it needs is
/// missing or invalid.
pub fn plan(
    dir: &Directory,
    (ticket, history): (&Ticket, &[Event]),
    action: TicketAction,
    input: &ActionInput,
    (actor, role): (&Actor, Role),
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    if !action.allowed_for(role) {
        return Err(AppError::Forbidden);
    }
    let from = ticket.state;
    let to = action
        .next_state(from)
        .ok_or_else(|| checks::not_allowed_in(from, action, role))?;
    let at = checks::effective_at(input, history, (role, now))?;
    let mut event = actor.event(&ticket.id, action, (Some(from), to), at);
    event.recorded_at = now;
    checks::text_lengths(input)?;
    event.note = input.note.clone().filter(|n| !n.trim().is_empty());
    event.public_note = checks::public_note(input)?;
    let mut planned = effects::Planned {
        next: ticket.clone(),
        event,
        extra: Vec::new(),
        final_state: to,
    };
    effects::apply(dir, (ticket, history), action, input, actor, &mut planned)?;
    let effects::Planned {
        mut next,
        event,
        extra,
        final_state,
    } = planned;
    next.state = final_state;
    next.version += 1;
    next.updated_at = now;
    let mut events = vec![event];
    events.extend(extra);
    let mut outcome = Outcome::new(dir, (next, history), events, now);
    outcome.citations = checks::citations(dir, action, input)?;
    Ok(outcome)
}
