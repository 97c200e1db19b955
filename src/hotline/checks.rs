//! Checks that need the history or the rules, and storing an action's outcome.

use chrono::{DateTime, Utc};

use super::actions::Outcome;
use super::view::clock_events;
use crate::db::{self, write_transaction, DbConn};
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::clocks::{compute, Timer};
use crate::domain::ticket::TicketAction;
use crate::domain::ticket::{Event, Ticket};
use crate::error::AppError;

pub fn extension_pending(history: &[Event]) -> bool {
    let last = |a: TicketAction| history.iter().rposition(|e| e.action == a);
    match (
        last(TicketAction::RequestExtension),
        last(TicketAction::GrantExtension),
    ) {
        (Some(r), Some(g)) => r > g,
        (Some(_), None) => true,
        _ => false,
    }
}

pub fn check_objection_window(
    dir: &Directory,
    ticket: &Ticket,
    history: &[Event],
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let clocks = compute(
        &dir.catalogue.rules.clock_rules,
        (ticket.kind, ticket.category),
        ticket.received_at,
        &clock_events(history),
        &dir.catalogue.calendar,
        at,
    );
    match clocks
        .iter()
        .find(|c| c.timer == Timer::Objection)
        .map(|c| c.due)
    {
        Some(Ok(due)) if local_date(at) > due => Err(AppError::conflict(
            format!("退单期限已于 {due} 届满"),
            format!("the objection period ended on {due}"),
        )),
        _ => Ok(()),
    }
}

/// Stores the outcome, with its webhook events, if the ticket is still at the
/// version it was planned on (`before`).
pub fn commit(conn: &mut DbConn, outcome: &Outcome, before: &Ticket) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        if db::tickets::update(conn, &outcome.ticket, before.version)? == 0 {
            return Err(AppError::conflict(
                "工单已被他人更新，请刷新后重试",
                "the ticket changed meanwhile; reload and retry",
            ));
        }
        for e in &outcome.events {
            db::tickets::insert_event(conn, e)?;
        }
        super::outbox::record(conn, Some(before), &outcome.ticket, &outcome.events)?;
        Ok(())
    })
}
