//! What a citizen sees and does with only a tracking number and status token:
//! the case as it stands, and supplying the information an outlet asked for
//! (补充材料), which resumes the handling clock.

use chrono::{DateTime, Utc};

use super::actions::{commit, Outcome, Taken};
use super::actor::Actor;
use crate::db::{self, DbConn};
use crate::directory::SharedDirectory;
use crate::domain::ticket::{Event, Ticket, TicketAction, TicketState};
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::keys::hash_key;

/// Why a paused ticket waits: the two look alike to the system, not to a citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// 待补充材料: the outlet asked the reporter for information.
    ForReporter,
    /// 已中止: the outlet suspended the case (e.g. awaiting another authority).
    Suspended,
}

impl Waiting {
    /// Why the ticket waits, when it is paused.
    pub fn of(ticket: &Ticket, history: &[Event]) -> Option<Waiting> {
        if ticket.state != TicketState::Paused {
            return None;
        }
        let paused_by = history
            .iter()
            .rev()
            .find(|e| matches!(e.action, TicketAction::RequestInfo | TicketAction::Suspend));
        Some(match paused_by.map(|e| e.action) {
            Some(TicketAction::RequestInfo) => Waiting::ForReporter,
            _ => Waiting::Suspended,
        })
    }
}

/// The state as a citizen reads it, in both languages.
pub fn state_label(ticket: &Ticket, history: &[Event]) -> Text {
    match Waiting::of(ticket, history) {
        Some(Waiting::ForReporter) => Text::new("待补充材料", "Awaiting your information"),
        Some(Waiting::Suspended) => Text::new("已中止", "Suspended"),
        None => {
            let (zh, en) = ticket.state.labels();
            Text::new(zh, en)
        }
    }
}

/// Loads the ticket with this tracking number if the token is its own; the
/// same 404 either way, so a wrong token tells nothing.
pub fn find(
    conn: &mut DbConn,
    tracking: &str,
    token: &str,
) -> Result<(Ticket, Vec<Event>), AppError> {
    let ticket = db::tickets::find_by_tracking(conn, tracking)?
        .filter(|t| t.token_hash == hash_key(token))
        .ok_or_else(|| AppError::not_found(Resource::TrackedTicket, tracking))?;
    let history = db::tickets::events(conn, &ticket.id)?;
    Ok((ticket, history))
}

/// What the reporter supplies: already checked at the boundary.
#[derive(Debug, Clone)]
pub struct Supplied {
    /// The reporter's answer.
    pub text: String,
    /// Links to documents or photos.
    pub links: Vec<String>,
}

/// Records the reporter's information, resumes the clock and queues the
/// outlet's `ticket.supplemented` webhook, in one transaction. 409 unless the
/// outlet is waiting for the reporter.
pub fn supplement(
    conn: &mut DbConn,
    dir: &SharedDirectory,
    (tracking, token): (&str, &str),
    supplied: &Supplied,
    now: DateTime<Utc>,
) -> Result<Taken, AppError> {
    let (ticket, history) = find(conn, tracking, token)?;
    match Waiting::of(&ticket, &history) {
        Some(Waiting::ForReporter) => {}
        Some(Waiting::Suspended) => {
            return Err(AppError::conflict(
                "网点已中止办理此案，目前无需补充材料；如有疑问请致电网点",
                "the outlet has suspended this case and asks nothing of you now; call the outlet with questions",
            ))
        }
        None => {
            return Err(AppError::conflict(
                "网点目前没有要求补充材料",
                "the outlet has not asked for information",
            ))
        }
    }
    let from = (Some(TicketState::Paused), TicketState::Accepted);
    let mut event = Actor::public().event(&ticket.id, TicketAction::Supplement, from, now);
    event.note = Some(match supplied.links.is_empty() {
        true => supplied.text.clone(),
        false => format!("{}\n附件：{}", supplied.text, supplied.links.join(" ")),
    });
    let mut next = ticket.clone();
    next.state = TicketState::Accepted;
    next.attachments.extend(supplied.links.iter().cloned());
    next.version += 1;
    next.updated_at = now;
    let outcome = Outcome::new(&dir.read(), (next, &history), vec![event], now);
    commit(conn, &outcome, &ticket)?;
    Ok((outcome.ticket, db::tickets::events(conn, &ticket.id)?))
}
