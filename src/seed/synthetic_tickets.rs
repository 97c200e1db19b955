//! Synthetic tickets for benchmarks: N tickets over the last year around the
//! directory's open outlets, 30 % still open (assigned, in hand, paused or
//! answered), the rest closed after a callback or, for most enquiries, a
//! direct answer by the desk (some after the outlet returned them), each with
//! its history and its clock summary; the same for the same seed.

use chrono::{DateTime, Duration, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::db::deadlines::DeadlineRow;
use crate::db::schema::{ticket_deadlines, ticket_events, tickets};
use crate::db::tickets::{EventRow, TicketRow};
use crate::db::{write_transaction, DbConn};
use crate::directory::Directory;
use crate::domain::point::LngLat;
use crate::domain::ticket::{
    Event, Reporter, Ticket, TicketAction as A, TicketCategory, TicketChannel, TicketKind,
    TicketState as S,
};
use crate::domain::vocab::OutletStatus;
use crate::hotline::actor::Actor;
use crate::hotline::deadline::{row, summarize};

const KINDS: [TicketKind; 5] = [
    TicketKind::Enquiry,
    TicketKind::Complaint,
    TicketKind::Report,
    TicketKind::Assistance,
    TicketKind::Suggestion,
];
const CATEGORIES: [TicketCategory; 8] = [
    TicketCategory::Patent,
    TicketCategory::Trademark,
    TicketCategory::Copyright,
    TicketCategory::GeographicalIndication,
    TicketCategory::AgencyMisconduct,
    TicketCategory::Policy,
    TicketCategory::Legal,
    TicketCategory::Other,
];

/// One ticket and its history: received at a random time in the last year,
/// near a random open outlet it is assigned to.
fn ticket(
    dir: &Directory,
    outlets: &[(String, LngLat)],
    rng: &mut StdRng,
    (seed, i, now): (u64, u64, DateTime<Utc>),
) -> (Ticket, Vec<Event>) {
    let (outlet, at) = &outlets[rng.random_range(0..outlets.len())];
    let received = now - Duration::minutes(rng.random_range(60..365 * 24 * 60));
    let kind = KINDS[rng.random_range(0..KINDS.len())];
    let location = LngLat::new(
        at.lng() + rng.random_range(-0.2..0.2),
        at.lat() + rng.random_range(-0.15..0.15),
    )
    .ok();
    let id = Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("ipr-tickets/{seed}/{i}").as_bytes(),
    );
    let mut t = Ticket {
        id: id.to_string(),
        // Numbers from 500000 up, clear of the day's real intake.
        tracking_number: format!("{}-{:07}", received.format("%Y%m%d"), 500_000 + i),
        token_hash: String::new(),
        channel: TicketChannel::Phone,
        kind,
        category: CATEGORIES[rng.random_range(0..CATEGORIES.len())],
        subject: format!("合成工单 {i}"),
        description: "合成基准测试数据 / synthetic benchmark data".into(),
        location,
        region_code: dir.outlets.get(outlet).map(|o| o.region_code().to_owned()),
        reporter: Reporter {
            phone: Some(format!("139{:08}", rng.random_range(0..200_000u32))),
            ..Reporter::default()
        },
        attachments: vec![],
        tags: vec![],
        received_at: received,
        state: S::Assigned,
        outlet_id: Some(outlet.clone()),
        escalated_to: None,
        merged_into: None,
        reply: None,
        satisfaction: None,
        close_reason: None,
        created_at: received,
        updated_at: received,
        version: 1,
        agency_id: None,
    };
    let history = story(&mut t, rng, now);
    (t, history)
}

/// The ticket's history; sets its final state.
fn story(t: &mut Ticket, rng: &mut StdRng, now: DateTime<Utc>) -> Vec<Event> {
    let (system, staff) = (
        Actor::system(),
        Actor {
            key_id: None,
            role: "outlet_staff".into(),
        },
    );
    let mut at = t.received_at;
    let mut step = |rng: &mut StdRng| {
        at = (at + Duration::minutes(rng.random_range(30..3 * 24 * 60))).min(now);
        at
    };
    let mut events = vec![system.event(&t.id, A::Create, (None, S::Received), t.received_at)];
    let mut assign = system.event(
        &t.id,
        A::Assign,
        (Some(S::Received), S::Assigned),
        t.received_at,
    );
    assign.outlet_id = t.outlet_id.clone();
    events.push(assign);
    let open = rng.random_bool(0.3);
    let target = if open {
        [S::Assigned, S::Accepted, S::Accepted, S::Paused, S::Replied][rng.random_range(0..5)]
    } else {
        S::Closed
    };
    if target == S::Assigned {
        return events;
    }
    if target == S::Closed && t.kind == TicketKind::Enquiry && rng.random_bool(0.6) {
        answer(t, &mut events, rng.random_bool(0.2), step(rng));
        return events;
    }
    events.push(staff.event(
        &t.id,
        A::Accept,
        (Some(S::Assigned), S::Accepted),
        step(rng),
    ));
    t.state = S::Accepted;
    match target {
        S::Accepted => {}
        S::Paused => {
            let mut e = staff.event(
                &t.id,
                A::RequestInfo,
                (Some(S::Accepted), S::Paused),
                step(rng),
            );
            e.note = Some("请补充材料".into());
            events.push(e);
            t.state = S::Paused;
        }
        _ => {
            events.push(staff.event(&t.id, A::Reply, (Some(S::Accepted), S::Replied), step(rng)));
            t.reply = Some("已答复（合成）".into());
            t.state = S::Replied;
            if target == S::Closed {
                let score = rng.random_range(3..=5);
                let mut e =
                    system.event(&t.id, A::Callback, (Some(S::Replied), S::Closed), step(rng));
                e.satisfaction = Some(score);
                events.push(e);
                t.satisfaction = Some(score);
                t.close_reason = Some(crate::domain::ticket::CloseReason::Resolved);
                t.state = S::Closed;
            }
        }
    }
    t.version = events.len() as i64;
    t.updated_at = events.last().map_or(t.received_at, |e| e.at);
    events
}

/// The desk answers an enquiry directly, at first contact or after the
/// outlet returned it (`returned`); closes the ticket.
fn answer(t: &mut Ticket, events: &mut Vec<Event>, returned: bool, at: DateTime<Utc>) {
    let operator = Actor {
        key_id: None,
        role: "operator".into(),
    };
    let mut from = S::Assigned;
    if returned {
        let staff = Actor {
            key_id: None,
            role: "outlet_staff".into(),
        };
        let mut e = staff.event(&t.id, A::Return, (Some(S::Assigned), S::Received), at);
        e.note = Some("不属本机构受理范围".into());
        events.push(e);
        t.outlet_id = None;
        from = S::Received;
    }
    events.push(operator.event(&t.id, A::Answer, (Some(from), S::Closed), at));
    t.reply = Some("已直接答复（合成）".into());
    t.close_reason = Some(crate::domain::ticket::CloseReason::Answered);
    t.state = S::Closed;
    t.version = events.len() as i64;
    t.updated_at = at;
}

/// Inserts `n` synthetic tickets for `seed` with their histories and clock
/// summaries, with a progress bar; returns how many.
pub fn insert(conn: &mut DbConn, n: u64, seed: u64) -> anyhow::Result<u64> {
    let dir = Directory::load(conn)?;
    let outlets: Vec<(String, LngLat)> = crate::db::outlets::load_all(conn)?
        .into_iter()
        .filter(|o| o.status != OutletStatus::Closed.as_str())
        .filter_map(|o| Some((o.id, LngLat::new(o.lng, o.lat).ok()?)))
        .collect();
    anyhow::ensure!(!outlets.is_empty(), "no open outlets to refer tickets to");
    let (mut rng, now, stamp) = (
        StdRng::seed_from_u64(seed),
        Utc::now(),
        dir.catalogue.clock_stamp(),
    );
    let bar = ProgressBar::new(n).with_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} tickets ({per_sec}, {eta})",
    )?);
    let mut i = 0;
    while i < n {
        let mut batch = Batch::default();
        for j in i..(i + 500).min(n) {
            let (t, history) = ticket(&dir, &outlets, &mut rng, (seed, j, now));
            batch
                .deadlines
                .push(row(&t, summarize(&dir, &t, &history, now), stamp));
            batch.events.extend(history.iter().map(EventRow::from));
            batch.tickets.push(TicketRow::from(&t));
        }
        write_transaction(conn, |conn| batch.insert(conn))?;
        if i % 10_000 == 0 {
            crate::db::checkpoint(conn)?;
        }
        i += batch.tickets.len() as u64;
        bar.set_position(i);
    }
    bar.finish();
    write_transaction(conn, crate::db::deadlines::rebuild_counts)?;
    crate::db::vacuum_analyze(conn)?;
    Ok(n)
}

/// Rows of one transaction.
#[derive(Default)]
struct Batch {
    tickets: Vec<TicketRow>,
    events: Vec<EventRow>,
    deadlines: Vec<DeadlineRow>,
}

impl Batch {
    /// Multi-row inserts, parents first.
    fn insert(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        crate::db::insert_many!(conn, tickets::table, &self.tickets);
        crate::db::insert_many!(conn, ticket_events::table, &self.events);
        crate::db::insert_many!(conn, ticket_deadlines::table, &self.deadlines);
        Ok(())
    }
}
