//! `plan` for every transition of the state machine and every refusal.

use chrono::{DateTime, Duration, Utc};

use super::{plan, ActionInput, Outcome};

mod timing_and_effects;
mod transitions;
use crate::directory::Directory;
use crate::domain::calendar::autumn_2026;
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::ticket::{
    CloseReason, Event, Reporter, Ticket, TicketAction as A, TicketCategory, TicketChannel,
    TicketKind, TicketState as S,
};
use crate::domain::vocab::{OutletStatus, Role};
use crate::error::AppError;
use crate::hotline::actor::Actor;

const ALL_ACTIONS: [A; 20] = [
    A::Create,
    A::Classify,
    A::Assign,
    A::Reassign,
    A::Accept,
    A::Return,
    A::RequestInfo,
    A::Suspend,
    A::Resume,
    A::RequestExtension,
    A::GrantExtension,
    A::Reply,
    A::RequestCallback,
    A::Callback,
    A::Reopen,
    A::Answer,
    A::Close,
    A::Merge,
    A::MergedFrom,
    A::Escalate,
];
const ALL_STATES: [S; 6] = [
    S::Received,
    S::Assigned,
    S::Accepted,
    S::Paused,
    S::Replied,
    S::Closed,
];

fn t(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339")
}

fn outlet(id: &str, status: OutletStatus) -> Outlet {
    let now = t("2026-10-01T00:00:00Z");
    Outlet {
        region_code: "140726".into(),
        address: "山西省晋中市太谷区".into(),
        location: LngLat::new(112.55, 37.42).unwrap(),
        status,
        created_at: now,
        updated_at: now,
        ..crate::domain::outlet::sample(id, id)
    }
}

/// One open and one closed outlet, the seeded rules and the autumn 2026 calendar.
fn directory() -> Directory {
    let mut dir = Directory::default();
    dir.put_outlet(&outlet("open", OutletStatus::Normal))
        .unwrap();
    dir.put_outlet(&outlet("shut", OutletStatus::Closed))
        .unwrap();
    dir.catalogue.set_rules(
        serde_json::from_str(include_str!("../../../../seed/hotline-rules.json")).unwrap(),
    );
    dir.catalogue.calendar = autumn_2026();
    dir
}

/// Received Monday 12 October 2026 at 09:00 (CST), referred at once.
fn ticket(state: S, kind: TicketKind) -> (Ticket, Vec<Event>) {
    let received = t("2026-10-12T01:00:00Z");
    let ticket = Ticket {
        id: "t1".into(),
        tracking_number: "20261012-000001".into(),
        token_hash: String::new(),
        channel: TicketChannel::Phone,
        kind,
        category: TicketCategory::Trademark,
        subject: "假冒商标".into(),
        description: "商场出售假冒注册商标的商品".into(),
        location: None,
        region_code: Some("140726".into()),
        reporter: Reporter::default(),
        attachments: vec![],
        tags: vec![],
        received_at: received,
        state,
        outlet_id: Some("open".into()),
        escalated_to: None,
        merged_into: None,
        reply: None,
        satisfaction: None,
        close_reason: None,
        created_at: received,
        updated_at: received,
        version: 3,
        agency_id: None,
    };
    let system = Actor::system();
    let mut assign = system.event("t1", A::Assign, (Some(S::Received), S::Assigned), received);
    assign.outlet_id = Some("open".into());
    let history = vec![
        system.event("t1", A::Create, (None, S::Received), received),
        assign,
    ];
    (ticket, history)
}

/// The fields each action needs, filled validly.
fn valid_input(action: A) -> ActionInput {
    let note = Some("说明".to_owned());
    match action {
        A::Assign | A::Reassign => ActionInput {
            outlet_id: Some("open".into()),
            note,
            ..Default::default()
        },
        A::RequestExtension | A::GrantExtension => ActionInput {
            days: Some(5),
            note,
            ..Default::default()
        },
        A::Reply | A::Answer => ActionInput {
            reply: Some("已答复".into()),
            ..Default::default()
        },
        A::Callback => ActionInput {
            satisfaction: Some(5),
            ..Default::default()
        },
        A::Close => ActionInput {
            close_reason: Some(CloseReason::Withdrawn),
            ..Default::default()
        },
        A::Merge => ActionInput {
            merge_into: Some("t2".into()),
            ..Default::default()
        },
        A::Classify => ActionInput {
            kind: Some(TicketKind::Report),
            ..Default::default()
        },
        _ => ActionInput {
            note,
            ..Default::default()
        },
    }
}

/// A role that may take the action.
fn role_for(action: A) -> Option<Role> {
    [Role::Operator, Role::OutletStaff]
        .into_iter()
        .find(|r| action.allowed_for(*r))
}

fn run(action: A, state: S, input: &ActionInput, role: Role) -> Result<Outcome, AppError> {
    let kind = if action == A::Answer {
        TicketKind::Enquiry
    } else {
        TicketKind::Complaint
    };
    let (ticket, mut history) = ticket(state, kind);
    if action == A::GrantExtension {
        let at = t("2026-10-13T01:00:00Z");
        let mut asked = Actor::system().event("t1", A::RequestExtension, (Some(state), state), at);
        asked.days = Some(5);
        history.push(asked);
    }
    let actor = Actor {
        key_id: Some("k".into()),
        role: role.as_str().into(),
    };
    let now = t("2026-10-14T02:00:00Z");
    plan(
        &directory(),
        (&ticket, &history),
        action,
        input,
        (&actor, role),
        now,
    )
}

fn field(result: Result<Outcome, AppError>) -> String {
    match result {
        Err(AppError::Invalid { field, .. }) => field,
        other => panic!("expected 422, got {other:?}"),
    }
}

fn is_conflict(result: &Result<Outcome, AppError>) -> bool {
    matches!(result, Err(AppError::Conflict { .. }))
}
