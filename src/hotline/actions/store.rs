//! Taking an action for real: load the ticket in scope, plan, add the merge
//! target's event, and store it all if nobody changed the ticket meanwhile.

use chrono::{DateTime, Utc};

use super::{plan, ActionInput, Outcome};
use crate::db::{self, write_transaction, DbConn};
use crate::directory::SharedDirectory;
use crate::domain::ticket::{Event, Ticket, TicketAction};
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::actor::Actor;
use crate::hotline::deadline;
use crate::hotline::scope::{load_in_scope, Scope};
use crate::i18n::Text;

/// The ticket after an action, with its whole history.
pub type Taken = (Ticket, Vec<Event>);

/// Takes `action` on ticket `id` for a caller with `scope`; `check_version`
/// sees the stored version first (the API's `If-Match`).
#[allow(clippy::too_many_arguments)]
pub fn take(
    conn: &mut DbConn,
    dir: &SharedDirectory,
    (id, scope): (&str, &Scope),
    check_version: impl FnOnce(i64) -> Result<(), AppError>,
    (action, input): (TicketAction, &ActionInput),
    (actor, role): (&Actor, Role),
    now: DateTime<Utc>,
) -> Result<Taken, AppError> {
    let (ticket, history) = load_in_scope(conn, id, scope)?;
    check_version(ticket.version)?;
    let mut outcome = plan(
        &dir.read(),
        (&ticket, &history),
        action,
        input,
        (actor, role),
        now,
    )?;
    if action == TicketAction::Merge {
        outcome
            .events
            .push(merged_from(conn, &ticket, &outcome, actor)?);
    }
    commit(conn, &outcome, &ticket)?;
    Ok((outcome.ticket, db::tickets::events(conn, &ticket.id)?))
}

/// The merge target's "another ticket merged in" event; 422 when the target
/// does not exist or is closed.
fn merged_from(
    conn: &mut DbConn,
    ticket: &Ticket,
    outcome: &Outcome,
    actor: &Actor,
) -> Result<Event, AppError> {
    let target_id = outcome.ticket.merged_into.as_deref().unwrap_or_default();
    let target = db::tickets::find(conn, target_id)?
        .filter(Ticket::is_open)
        .ok_or_else(|| {
            AppError::invalid(
                "merge_into",
                Text::new("目标工单不存在或已办结", "no such open ticket"),
            )
        })?;
    let state = target.state;
    let mut merged = actor.event(
        &target.id,
        TicketAction::MergedFrom,
        (Some(state), state),
        outcome.events[0].at,
    );
    merged.note = Some(format!("{} 并入本单", ticket.tracking_number));
    Ok(merged)
}

/// Stores the outcome, with its webhook events, if the ticket is still at the
/// version it was planned on (`before`), in a transaction of its own (a
/// savepoint inside another).
pub fn commit(conn: &mut DbConn, outcome: &Outcome, before: &Ticket) -> Result<(), AppError> {
    write_transaction(conn, |conn| store_outcome(conn, outcome, before))
}

/// [`commit`] inside the caller's transaction, without a savepoint (on
/// PostgreSQL two round trips fewer). A ticket changed since `before` is
/// refused (409) before anything is written, so the caller may go on with
/// other tickets; after any other error it must roll back.
pub fn store_outcome(
    conn: &mut DbConn,
    outcome: &Outcome,
    before: &Ticket,
) -> Result<(), AppError> {
    if db::tickets::update(conn, &outcome.ticket, before.version)? == 0 {
        return Err(AppError::conflict(
            "工单已被他人更新，请刷新后重试",
            "the ticket changed meanwhile; reload and retry",
        ));
    }
    for e in &outcome.events {
        db::tickets::insert_event(conn, e)?;
    }
    if let Some(action) = outcome.events.first() {
        let at = action.at.naive_utc();
        db::knowledge::cite(
            conn,
            (&action.id, &action.ticket_id),
            &outcome.citations,
            at,
        )?;
    }
    db::deadlines::put(
        conn,
        &deadline::row(&outcome.ticket, outcome.summary, outcome.stamp),
    )?;
    let after = (&outcome.ticket, outcome.summary.deadline.as_ref());
    crate::hotline::outbox::record(conn, Some(before), after, &outcome.events)?;
    Ok(())
}
