//! Taking a ticket in: locate, refer, number it, store it with its first events.

use chrono::{DateTime, Duration, Utc};

use super::actor::Actor;
use super::deadline::{row, summarize, Deadline};
use crate::db::group_commit::BatchConn;
use crate::db::security::IdempotencyRow;
use crate::db::{self, DbConn};
use crate::directory::{Directory, SharedDirectory};
use crate::domain::calendar::local_date;
use crate::domain::point::LngLat;
use crate::domain::referral::{competent_kinds, refer, Candidate, ChainRegion, Referral};
use crate::domain::ticket::{
    Event, Reporter, Ticket, TicketAction, TicketCategory, TicketChannel, TicketKind, TicketState,
};
use crate::domain::vocab::OutletStatus;
use crate::error::AppError;
use crate::keys::hash_key;
use crate::sealing::Sealer;

/// A ticket to take in, already validated.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub channel: TicketChannel,
    pub kind: TicketKind,
    pub category: TicketCategory,
    pub subject: String,
    pub description: String,
    pub location: Option<LngLat>,
    pub region_code: Option<String>,
    pub reporter: Reporter,
    pub attachments: Vec<String>,
    pub tags: Vec<String>,
    pub received_at: DateTime<Utc>,
    /// The agency complained about (category `agency_misconduct`).
    pub agency_id: Option<String>,
}

/// The region chain of a location or region code, smallest first.
pub fn chain(
    dir: &Directory,
    location: Option<LngLat>,
    region_code: Option<&str>,
) -> Vec<ChainRegion> {
    let entry = |index: usize, approximate: bool| {
        let r = dir.regions.region(index);
        ChainRegion {
            code: r.code.clone(),
            name: r.name.clone(),
            approximate,
        }
    };
    match (location, region_code.and_then(|c| dir.regions.index_of(c))) {
        (_, Some(index)) => dir
            .regions
            .ancestors(index)
            .map(|i| entry(i, false))
            .collect(),
        (Some(p), None) => dir
            .regions
            .locate(p)
            .into_iter()
            .map(|l| entry(l.index, l.approximate))
            .collect(),
        (None, None) => Vec::new(),
    }
}

/// What the referral engine suggests for a ticket.
pub fn suggest(
    dir: &Directory,
    kind: TicketKind,
    category: TicketCategory,
    location: Option<LngLat>,
    region_code: Option<&str>,
) -> Referral {
    let kinds = competent_kinds(&dir.catalogue.rules().competence, kind, category);
    let outlets_in = |code: &str| {
        dir.outlets_in_region(code)
            .filter(|o| o.status() != OutletStatus::Closed)
            .map(|o| Candidate {
                id: o.id().to_owned(),
                name: o.details().name().to_owned(),
                kind: o.kind(),
                distance_m: location.map(|p| p.distance_m(o.location())),
            })
            .collect()
    };
    refer(&chain(dir, location, region_code), &kinds, outlets_in)
}

/// What the referral engine suggests for a validated ticket.
pub fn suggest_for(dir: &Directory, new: &NewTicket) -> Referral {
    suggest(
        dir,
        new.kind,
        new.category,
        new.location,
        new.region_code.as_deref(),
    )
}

fn new_ticket(
    new: &NewTicket,
    id: String,
    tracking_number: String,
    token_hash: String,
    now: DateTime<Utc>,
) -> Ticket {
    Ticket {
        id,
        tracking_number,
        token_hash,
        channel: new.channel,
        kind: new.kind,
        category: new.category,
        subject: new.subject.clone(),
        description: new.description.clone(),
        location: new.location,
        region_code: new.region_code.clone(),
        reporter: new.reporter.clone(),
        attachments: new.attachments.clone(),
        tags: new.tags.clone(),
        received_at: new.received_at,
        state: TicketState::Received,
        outlet_id: None,
        escalated_to: None,
        merged_into: None,
        reply: None,
        satisfaction: None,
        close_reason: None,
        created_at: now,
        updated_at: now,
        version: 1,
        agency_id: new.agency_id.clone(),
    }
}

/// An `Idempotency-Key`: who sent it, the key, and the hash of the request.
/// Only the key's hash is stored, and the stored receipt is sealed under a
/// key derived from the key itself: what the database holds cannot replay
/// or reveal a receipt without the client's own key.
#[derive(Debug, Clone)]
pub struct Idempotency {
    /// Who sent it: a key id, or the public client's address.
    pub scope: String,
    /// The key as sent.
    pub key: String,
    /// Hash of the request's query and body.
    pub request_hash: String,
}

impl Idempotency {
    /// What is stored in place of the key.
    fn stored_key(&self) -> String {
        hash_key(&format!("{}\n{}", self.scope, self.key))
    }

    /// The sealer of this key's receipt.
    fn sealer(&self) -> Sealer {
        Sealer::derived("idempotency receipt", &[&self.scope, &self.key])
    }

    /// The claim on this key, its response not known yet.
    fn claim(&self, now: DateTime<Utc>) -> IdempotencyRow {
        IdempotencyRow {
            scope: self.scope.clone(),
            key: self.stored_key(),
            request_hash: self.request_hash.clone(),
            status: None,
            body: None,
            created_at: now.naive_utc(),
        }
    }
}

/// What intake produced.
#[derive(Debug)]
pub enum Created {
    /// A new ticket, its secret status token, and its first deadline.
    New(Box<Ticket>, String, Option<Deadline>),
    /// The stored response of an earlier request with the same key and body.
    Replay(i32, String),
}

/// Stores a ticket with its `create` event and, when the engine found an
/// outlet, its `assign` event. With an idempotency key, the key is claimed and
/// `receipt(ticket, token)` stored as its response, so a repeat replays it.
///
/// Runs in the intake group commit ([`crate::db::group_commit::GroupCommit::run`]),
/// which writes the ticket's rows at the batch's end:
/// that commits before anyone is answered, runs it again if another intake of
/// its batch failed (after rolling everything back), and takes intakes one at
/// a time (on PostgreSQL across replicas too), so neither the idempotency
/// check nor the day's numbering can race.
pub fn create(
    conn: &mut BatchConn<'_>,
    directory: &SharedDirectory,
    (new, actor, referral): (&NewTicket, &Actor, &Referral),
    idempotency: Option<&Idempotency>,
    receipt: impl Fn(&Ticket, &str, Option<&Deadline>) -> String,
    now: DateTime<Utc>,
) -> Result<Created, AppError> {
    if let Some(replay) = replay(conn, idempotency)? {
        return Ok(replay);
    }
    if let Some(i) = idempotency {
        db::security::claim(conn, &i.claim(now))?;
    }
    let token = hex::encode(rand::random::<[u8; 24]>());
    let day = local_date(now).format("%Y%m%d").to_string();
    let seq = conn.next_sequence(&day)?;
    let mut ticket = new_ticket(
        new,
        uuid::Uuid::now_v7().to_string(),
        format!("{day}-{seq:06}"),
        hash_key(&token),
        now,
    );
    let events = first_events(&mut ticket, (new, actor, referral), now);
    let (summary, stamp) = {
        let dir = directory.read();
        let summary = summarize(&dir, &ticket, &events, now);
        (summary, dir.catalogue.clock_stamp())
    };
    conn.insert_ticket(&ticket, &events);
    conn.insert_deadline(row(&ticket, summary, stamp));
    let active = conn.active_webhooks()?;
    let due = summary.deadline.as_ref();
    let (queued, deliveries) = super::outbox::webhook_events(active, None, (&ticket, due), &events);
    conn.insert_webhook_events(queued, deliveries);
    if let Some(i) = idempotency {
        let body = receipt(&ticket, &token, summary.deadline.as_ref());
        db::security::complete(
            conn,
            &i.scope,
            &i.stored_key(),
            201,
            &i.sealer().seal(&body),
        )?;
    }
    Ok(Created::New(Box::new(ticket), token, summary.deadline))
}

/// A new ticket's `create` event and, when the engine found an outlet, its
/// `assign` event, which also sets the ticket's state and outlet.
fn first_events(
    ticket: &mut Ticket,
    (new, actor, referral): (&NewTicket, &Actor, &Referral),
    now: DateTime<Utc>,
) -> Vec<Event> {
    let mut created = actor.event(
        &ticket.id,
        TicketAction::Create,
        (None, TicketState::Received),
        new.received_at,
    );
    created.recorded_at = now;
    let Some(outlet) = &referral.outlet_id else {
        // Unreferred: the operator who assigns it by hand reads why.
        created.note = Some(referral.reason.zh.clone());
        return vec![created];
    };
    let mut assign = Actor::system().event(
        &ticket.id,
        TicketAction::Assign,
        (Some(TicketState::Received), TicketState::Assigned),
        new.received_at,
    );
    assign.outlet_id = Some(outlet.clone());
    assign.note = Some(referral.reason.zh.clone());
    ticket.state = TicketState::Assigned;
    ticket.outlet_id = Some(outlet.clone());
    vec![created, assign]
}

/// The stored response when the key was claimed by an earlier request with the same body.
fn replay(
    conn: &mut DbConn,
    idempotency: Option<&Idempotency>,
) -> Result<Option<Created>, AppError> {
    let Some(i) = idempotency else {
        return Ok(None);
    };
    let Some(stored) = db::security::find(conn, &i.scope, &i.stored_key())? else {
        return Ok(None);
    };
    if stored.request_hash != i.request_hash {
        return Err(AppError::conflict(
            "该 Idempotency-Key 已用于另一个请求",
            "this Idempotency-Key was used with a different request",
        ));
    }
    match (stored.status, stored.body) {
        (Some(status), Some(sealed)) => {
            let body = (i.sealer().open(&sealed))
                .ok_or_else(|| anyhow::anyhow!("an idempotent receipt does not open"))?;
            Ok(Some(Created::Replay(status, body)))
        }
        _ => Err(AppError::conflict(
            "同一请求正在处理中",
            "the same request is still being processed",
        )),
    }
}

/// Open tickets that may be the same case: same category within 250 m, or the
/// same phone, received in the last 30 days. Returns tracking numbers, oldest first.
pub fn possible_duplicates(
    conn: &mut DbConn,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    const RADIUS_M: f64 = 250.0;
    let since = (now - Duration::days(30)).naive_utc();
    let mut found = Vec::new();
    if let Some(here) = ticket.location {
        // A box a little larger than the circle; the exact distance decides.
        let dlat = RADIUS_M * 1.01 / 111_320.0;
        let dlng = dlat / here.lat().to_radians().cos().max(0.01);
        let area = [
            here.lng() - dlng,
            here.lat() - dlat,
            here.lng() + dlng,
            here.lat() + dlat,
        ];
        found.extend(
            db::tickets::open_near(conn, since, ticket.category, area)?
                .into_iter()
                .filter(|t| t.location.is_some_and(|p| p.distance_m(here) <= RADIUS_M)),
        );
    }
    if let Some(phone) = &ticket.reporter.phone {
        found.extend(db::tickets::open_from_phone(conn, since, phone)?);
    }
    found.retain(|t| t.id != ticket.id);
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found.into_iter().map(|t| t.tracking_number).collect())
}
