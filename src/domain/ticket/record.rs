//! A ticket and its history entries, typed.

use chrono::{DateTime, Utc};

use super::{CloseReason, TicketAction, TicketCategory, TicketChannel, TicketKind, TicketState};
use crate::domain::point::LngLat;

/// The person who called or wrote in (personal data: masked by role when shown).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reporter {
    /// Name as given.
    pub name: Option<String>,
    /// Phone as given.
    pub phone: Option<String>,
    /// Email as given.
    pub email: Option<String>,
    /// The firm or body the reporter speaks for.
    pub organisation: Option<String>,
    /// Asked not to be named to the outlet.
    pub anonymous: bool,
}

/// One hotline case (工单).
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// UUID v7: ids sort by creation.
    pub id: String,
    /// `YYYYMMDD-NNNNNN`, numbered per day in China Standard Time.
    pub tracking_number: String,
    /// SHA-256 of the public status token.
    pub token_hash: String,
    /// How it came in.
    pub channel: TicketChannel,
    /// What the caller wants.
    pub kind: TicketKind,
    /// Subject area.
    pub category: TicketCategory,
    /// One line.
    pub subject: String,
    /// The caller's account.
    pub description: String,
    /// Where it happened, WGS-84.
    pub location: Option<LngLat>,
    /// The region given instead of (or besides) a location.
    pub region_code: Option<String>,
    /// Who reported it.
    pub reporter: Reporter,
    /// Links to attachments.
    pub attachments: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// When the hotline received it; the clocks start here.
    pub received_at: DateTime<Utc>,
    /// Where it stands.
    pub state: TicketState,
    /// The outlet handling it.
    pub outlet_id: Option<String>,
    /// The outlet it was escalated to (督办).
    pub escalated_to: Option<String>,
    /// The ticket it was merged into (并单).
    pub merged_into: Option<String>,
    /// The answer given.
    pub reply: Option<String>,
    /// Callback score, 1 to 5.
    pub satisfaction: Option<u8>,
    /// Why it was closed.
    pub close_reason: Option<CloseReason>,
    /// When stored.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// Incremented on every change (optimistic locking, ETag).
    pub version: i64,
    /// The IP service agency a complaint of category `agency_misconduct` is about.
    pub agency_id: Option<String>,
}

impl Ticket {
    /// Whether the ticket is still open.
    pub fn is_open(&self) -> bool {
        self.state != TicketState::Closed
    }
}

/// One entry of a ticket's append-only history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// UUID v7.
    pub id: String,
    /// The ticket it belongs to.
    pub ticket_id: String,
    /// When it took effect.
    pub at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The API key that took it, if any.
    pub actor_key_id: Option<String>,
    /// `public`, `system`, or a key role.
    pub actor_role: String,
    /// What happened.
    pub action: TicketAction,
    /// State before (none for `create`).
    pub from_state: Option<TicketState>,
    /// State after.
    pub to_state: TicketState,
    /// The outlet it names (assign, reassign).
    pub outlet_id: Option<String>,
    /// The actor's note (internal).
    pub note: Option<String>,
    /// What the citizen is shown of this step (staff choose it).
    pub public_note: Option<String>,
    /// Working days asked or granted (extensions).
    pub days: Option<u32>,
    /// Callback score, 1 to 5.
    pub satisfaction: Option<u8>,
}
