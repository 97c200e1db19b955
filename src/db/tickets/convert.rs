//! Stored tickets and history entries converted to and from the domain's typed ones.

use anyhow::Context;
use diesel::QueryResult;

use super::{ClockEventRow, EventRow, TicketRow};
use crate::domain::clocks::ClockEvent;
use crate::domain::point::LngLat;
use crate::domain::ticket::{Event, Reporter, Ticket};

fn json_list(text: &str, what: &str, id: &str) -> anyhow::Result<Vec<String>> {
    serde_json::from_str(text).with_context(|| format!("ticket {id} {what}"))
}

fn parse<T: std::str::FromStr>(text: &str, what: &str, id: &str) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse()
        .with_context(|| format!("ticket {id} {what} `{text}`"))
}

impl TryFrom<TicketRow> for Ticket {
    type Error = anyhow::Error;

    /// Converts a stored ticket.
    fn try_from(r: TicketRow) -> anyhow::Result<Ticket> {
        let id = r.id.as_str();
        let location = match r.lng.zip(r.lat) {
            Some((lng, lat)) => {
                Some(LngLat::new(lng, lat).with_context(|| format!("ticket {id} location"))?)
            }
            None => None,
        };
        Ok(Ticket {
            channel: parse(&r.channel, "channel", id)?,
            kind: parse(&r.kind, "kind", id)?,
            category: parse(&r.category, "category", id)?,
            state: parse(&r.state, "state", id)?,
            close_reason: r
                .close_reason
                .as_deref()
                .map(|c| parse(c, "close reason", id))
                .transpose()?,
            attachments: json_list(&r.attachments, "attachments", id)?,
            tags: json_list(&r.tags, "tags", id)?,
            satisfaction: r
                .satisfaction
                .map(u8::try_from)
                .transpose()
                .context("satisfaction")?,
            location,
            reporter: Reporter {
                name: r.reporter_name,
                phone: r.reporter_phone,
                email: r.reporter_email,
                organisation: r.reporter_org,
                anonymous: r.anonymous,
            },
            received_at: r.received_at.and_utc(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            id: r.id,
            tracking_number: r.tracking_number,
            token_hash: r.token_hash,
            subject: r.subject,
            description: r.description,
            region_code: r.region_code,
            outlet_id: r.outlet_id,
            escalated_to: r.escalated_to,
            merged_into: r.merged_into,
            reply: r.reply,
            version: r.version,
            agency_id: r.agency_id,
        })
    }
}

impl From<&Ticket> for TicketRow {
    /// Converts a ticket for storage.
    fn from(t: &Ticket) -> TicketRow {
        TicketRow {
            id: t.id.clone(),
            tracking_number: t.tracking_number.clone(),
            token_hash: t.token_hash.clone(),
            channel: t.channel.as_str().into(),
            kind: t.kind.as_str().into(),
            category: t.category.as_str().into(),
            subject: t.subject.clone(),
            description: t.description.clone(),
            lng: t.location.map(|p| p.lng()),
            lat: t.location.map(|p| p.lat()),
            region_code: t.region_code.clone(),
            reporter_name: t.reporter.name.clone(),
            reporter_phone: t.reporter.phone.clone(),
            reporter_email: t.reporter.email.clone(),
            reporter_org: t.reporter.organisation.clone(),
            anonymous: t.reporter.anonymous,
            attachments: serde_json::to_string(&t.attachments).expect("strings serialize"),
            tags: serde_json::to_string(&t.tags).expect("strings serialize"),
            received_at: t.received_at.naive_utc(),
            state: t.state.as_str().into(),
            outlet_id: t.outlet_id.clone(),
            escalated_to: t.escalated_to.clone(),
            merged_into: t.merged_into.clone(),
            reply: t.reply.clone(),
            satisfaction: t.satisfaction.map(i32::from),
            close_reason: t.close_reason.map(|c| c.as_str().into()),
            created_at: t.created_at.naive_utc(),
            updated_at: t.updated_at.naive_utc(),
            version: t.version,
            agency_id: t.agency_id.clone(),
        }
    }
}

impl TryFrom<EventRow> for Event {
    type Error = anyhow::Error;

    /// Converts a stored history entry.
    fn try_from(r: EventRow) -> anyhow::Result<Event> {
        let id = r.ticket_id.as_str();
        Ok(Event {
            action: parse(&r.action, "event action", id)?,
            from_state: r
                .from_state
                .as_deref()
                .map(|s| parse(s, "event state", id))
                .transpose()?,
            to_state: parse(&r.to_state, "event state", id)?,
            days: r
                .days
                .map(u32::try_from)
                .transpose()
                .context("event days")?,
            satisfaction: r
                .satisfaction
                .map(u8::try_from)
                .transpose()
                .context("event satisfaction")?,
            at: r.at.and_utc(),
            recorded_at: r.recorded_at.and_utc(),
            id: r.id,
            ticket_id: r.ticket_id,
            actor_key_id: r.actor_key_id,
            actor_role: r.actor_role,
            outlet_id: r.outlet_id,
            note: r.note,
            public_note: r.public_note,
        })
    }
}

impl From<&Event> for EventRow {
    /// Converts a history entry for storage.
    fn from(e: &Event) -> EventRow {
        EventRow {
            id: e.id.clone(),
            ticket_id: e.ticket_id.clone(),
            at: e.at.naive_utc(),
            recorded_at: e.recorded_at.naive_utc(),
            actor_key_id: e.actor_key_id.clone(),
            actor_role: e.actor_role.clone(),
            action: e.action.as_str().into(),
            from_state: e.from_state.map(|s| s.as_str().into()),
            to_state: e.to_state.as_str().into(),
            outlet_id: e.outlet_id.clone(),
            note: e.note.clone(),
            days: e.days.map(|d| d as i32),
            satisfaction: e.satisfaction.map(i32::from),
            public_note: e.public_note.clone(),
        }
    }
}

pub(in crate::db) fn tickets_of(rows: Vec<TicketRow>) -> QueryResult<Vec<Ticket>> {
    rows.into_iter()
        .map(|r| Ticket::try_from(r).map_err(corrupt))
        .collect()
}

impl ClockEventRow {
    /// The ticket's id and what its clocks read of this entry.
    pub(super) fn into_clock_event(self) -> QueryResult<(String, ClockEvent)> {
        let event = ClockEvent {
            at: self.at.and_utc(),
            action: parse(&self.action, "event action", &self.ticket_id).map_err(corrupt)?,
            days: (self.days.map(u32::try_from).transpose())
                .context("event days")
                .map_err(corrupt)?,
        };
        Ok((self.ticket_id, event))
    }
}

pub(super) fn events_from(rows: Vec<EventRow>) -> QueryResult<Vec<Event>> {
    rows.into_iter()
        .map(|r| Event::try_from(r).map_err(corrupt))
        .collect()
}

/// A stored value the domain refuses: reported as a deserialisation error.
pub(in crate::db) fn corrupt(e: anyhow::Error) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(e.into())
}
