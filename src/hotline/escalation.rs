//! Escalation (督办): a ticket with an overdue clock goes to the queue of the
//! assigned outlet's parent, with an event in its history.

use chrono::{DateTime, Utc};

use super::actions::{commit, Outcome};
use super::actor::Actor;
use super::view::{clocks, is_overdue};
use crate::db::{self, DbConn};
use crate::directory::SharedDirectory;
use crate::domain::ticket::TicketAction;
use crate::error::AppError;

/// Escalates every overdue ticket not escalated yet; returns how many.
pub fn sweep(
    conn: &mut DbConn,
    directory: &SharedDirectory,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let candidates = db::tickets::escalation_candidates(conn)?;
    let histories = db::tickets::events_of(
        conn,
        &candidates.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
    )?;
    let mut planned = Vec::new();
    {
        let dir = directory.read();
        for ticket in &candidates {
            let history = histories.get(&ticket.id).map_or(&[][..], Vec::as_slice);
            let parent = ticket
                .outlet_id
                .as_deref()
                .and_then(|id| dir.outlets.get(id))
                .and_then(|o| o.parent_id.clone());
            let (Some(parent), true) = (parent, is_overdue(&clocks(&dir, ticket, history, now)))
            else {
                continue;
            };
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
            planned.push((
                Outcome {
                    ticket: next,
                    events: vec![e],
                },
                ticket.clone(),
            ));
        }
    }
    let mut escalated = 0;
    for (outcome, before) in planned {
        match commit(conn, &outcome, &before) {
            Ok(()) => escalated += 1,
            // Changed meanwhile (or escalated by another replica): the next sweep looks again.
            Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(escalated)
}
