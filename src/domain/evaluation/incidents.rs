//! Which outlet an escalation, a return or a reopened case counts against:
//! the outlet that held the ticket at the time, that is the one named by the
//! last assignment before it (an escalation names the parent, a return none).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::calendar::local_date;
use crate::domain::ticket::TicketAction;

/// One entry of a ticket's history, as the attribution reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailEntry {
    /// The ticket.
    pub ticket_id: String,
    /// What happened.
    pub action: TicketAction,
    /// The outlet the entry names.
    pub outlet_id: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Incidents counted against one outlet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Incidents {
    /// Escalations for being overdue (督办).
    pub escalations: u64,
    /// Returns as not its own (退单).
    pub returns: u64,
    /// Cases reopened after an answer (重办).
    pub reopened: u64,
}

/// The actions the attribution reads: those that name the holding outlet and
/// those counted.
pub const TRAIL_ACTIONS: [TicketAction; 5] = [
    TicketAction::Assign,
    TicketAction::Reassign,
    TicketAction::Escalate,
    TicketAction::Return,
    TicketAction::Reopen,
];

/// Counts the incidents dated (China date) within `[from, to]` per outlet;
/// `trail` is ordered by ticket, then time.
pub fn attribute(
    trail: &[TrailEntry],
    (from, to): (NaiveDate, NaiveDate),
) -> BTreeMap<String, Incidents> {
    let mut out: BTreeMap<String, Incidents> = BTreeMap::new();
    let mut holder: Option<(&str, &str)> = None;
    for e in trail {
        if holder.is_some_and(|(t, _)| t != e.ticket_id) {
            holder = None;
        }
        match e.action {
            TicketAction::Assign | TicketAction::Reassign => {
                holder = e.outlet_id.as_deref().map(|o| (e.ticket_id.as_str(), o));
                continue;
            }
            _ if !(from..=to).contains(&local_date(e.at)) => {}
            action => {
                if let Some((_, outlet)) = holder {
                    let n = out.entry(outlet.to_owned()).or_default();
                    match action {
                        TicketAction::Escalate => n.escalations += 1,
                        TicketAction::Return => n.returns += 1,
                        TicketAction::Reopen => n.reopened += 1,
                        _ => {}
                    }
                }
            }
        }
        if e.action == TicketAction::Return {
            holder = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(ticket: &str, action: TicketAction, outlet: Option<&str>, day: u32) -> TrailEntry {
        TrailEntry {
            ticket_id: ticket.into(),
            action,
            outlet_id: outlet.map(Into::into),
            at: Utc.with_ymd_and_hms(2026, 11, day, 2, 0, 0).unwrap(),
        }
    }

    #[test]
    fn each_incident_counts_against_the_outlet_that_held_the_ticket() {
        use TicketAction as A;
        let trail = vec![
            entry("t1", A::Assign, Some("county"), 2),
            entry("t1", A::Return, None, 3),
            entry("t1", A::Assign, Some("park"), 4),
            entry("t1", A::Escalate, Some("county"), 20),
            entry("t1", A::Reopen, None, 25),
            entry("t2", A::Return, None, 5),
            entry("t3", A::Assign, Some("park"), 1),
            entry("t3", A::Return, None, 1),
        ];
        let period = (
            NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        let got = attribute(&trail, period);
        assert_eq!(got["county"].returns, 1);
        assert_eq!(
            got["county"].escalations, 0,
            "the escalation names the parent"
        );
        let park = got["park"];
        assert_eq!((park.escalations, park.reopened), (1, 1));
        assert_eq!(park.returns, 0, "t3's return is before the period");
        assert_eq!(
            got.len(),
            2,
            "t2 was never held, and its return counts nowhere"
        );
    }
}
