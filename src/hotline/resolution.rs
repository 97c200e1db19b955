//! First-contact resolution (一次办结) and the knowledge entries answers rest
//! on: an enquiry is resolved at first contact when the desk answers it
//! before anything but its logging, classification and automatic referral
//! happened (no acceptance by an outlet, no reassignment, no request for
//! information).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, DbConn};
use crate::directory::Directory;
use crate::domain::calendar::day_start;
use crate::domain::ticket::{Event, TicketAction};

/// An entry and how often answers cited it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CitedEntry {
    /// The entry.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// Its question.
    pub question: Option<String>,
    /// Answers and replies in the period citing it.
    pub citations: u64,
}

/// How enquiries were answered in the period.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ResolutionStats {
    /// Tickets first answered directly (`answer`) in the period: each counts
    /// once, on the day (China Standard Time) of its first answer.
    pub enquiries_answered: u64,
    /// Of those, answered at first contact.
    pub first_contact: u64,
    /// `first_contact` as a share of `enquiries_answered`, in percent.
    pub first_contact_resolution_pct: Option<f64>,
    /// Tickets whose answer or reply in the period cited a knowledge entry.
    pub answered_with_entries: u64,
    /// The ten entries cited most.
    pub most_cited: Vec<CitedEntry>,
}

/// Whether the answer was the first thing done after logging: only the
/// logging, a classification and the automatic referral at intake came before.
pub fn at_first_contact(history: &[Event]) -> bool {
    let intake = |e: &&Event| {
        matches!(e.action, TicketAction::Create | TicketAction::Classify)
            || (e.action == TicketAction::Assign && e.actor_role == "system")
    };
    history.iter().find(|e| !intake(e)).map(|e| e.action) == Some(TicketAction::Answer)
}

/// The span of `from`..=`to` (China Standard Time), open ends unbounded.
fn span(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (NaiveDateTime, NaiveDateTime) {
    // Bounds both backends compare correctly (SQLite compares timestamps as text).
    let first = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date");
    let start = day_start(from.unwrap_or(first)).naive_utc();
    let end = day_start(to.and_then(|d| d.succ_opt()).unwrap_or(last)).naive_utc();
    (start, end)
}

/// The figures for the period: answers from the per-day counters, citations
/// from their index.
pub fn resolution(
    conn: &mut DbConn,
    dir: &Directory,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> anyhow::Result<ResolutionStats> {
    let span = span(from, to);
    let answers = db::stats::answers(conn, (from, to))?;
    let (n, first_contact) = (
        u64::try_from(answers.answered).unwrap_or(0),
        u64::try_from(answers.first_contact).unwrap_or(0),
    );
    let most_cited = (db::knowledge::most_cited(conn, span, 10)?.into_iter())
        .map(|(id, citations)| CitedEntry {
            question: dir
                .catalogue
                .knowledge
                .entries
                .get(&id)
                .map(|e| e.content.question.clone()),
            id,
            citations: u64::try_from(citations).unwrap_or(0),
        })
        .collect();
    Ok(ResolutionStats {
        enquiries_answered: n,
        first_contact,
        first_contact_resolution_pct: (n > 0)
            .then(|| (first_contact as f64 * 10_000.0 / n as f64).round() / 100.0),
        answered_with_entries: u64::try_from(db::knowledge::cited_tickets(conn, span)?)
            .unwrap_or(0),
        most_cited,
    })
}
