//! Who does something to a ticket, and the history entries they leave.

use chrono::{DateTime, Utc};

use crate::domain::ticket::{Event, TicketAction, TicketState};

/// Who did something to a ticket.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The API key, if any.
    pub key_id: Option<String>,
    /// `public`, `system`, or a key role.
    pub role: String,
}

impl Actor {
    /// The referral engine and the overdue sweep.
    pub fn system() -> Self {
        Self {
            key_id: None,
            role: "system".into(),
        }
    }

    /// A citizen without a key.
    pub fn public() -> Self {
        Self {
            key_id: None,
            role: "public".into(),
        }
    }

    /// A new history entry by this actor, recorded when it is dated; callers
    /// that take a stated time set `recorded_at` to now, and fill in what else applies.
    pub fn event(
        &self,
        ticket_id: &str,
        action: TicketAction,
        (from, to): (Option<TicketState>, TicketState),
        at: DateTime<Utc>,
    ) -> Event {
        Event {
            id: uuid::Uuid::now_v7().to_string(),
            ticket_id: ticket_id.to_owned(),
            at,
            recorded_at: at,
            actor_key_id: self.key_id.clone(),
            actor_role: self.role.clone(),
            action,
            from_state: from,
            to_state: to,
            outlet_id: None,
            note: None,
            public_note: None,
            days: None,
            satisfaction: None,
        }
    }
}
