//! `plan` for every transition of the state machine and every refusal.

use chrono::{DateTime, Duration, Utc};

use super::{plan, ActionInput, Outcome};
use crate::directory::Directory;
use crate::domain::calendar::autumn_2026;
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::ticket::{
    CloseReason, Event, Reporter, Ticket, TicketAction as A, TicketCategory, TicketChannel,
    TicketKind, TicketState as S,
};
use crate::domain::vocab::{OutletKind, OutletStatus, Role, Tier};
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
        id: id.into(),
        name: id.into(),
        name_en: None,
        kind: OutletKind::ServiceWorkstation,
        tier: Tier::County,
        region_code: "140726".into(),
        parent_id: None,
        address: "山西省晋中市太谷区".into(),
        location: LngLat::new(112.55, 37.42).unwrap(),
        phones: vec![],
        email: None,
        website: None,
        status,
        status_note: None,
        note: None,
        verified_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// One open and one closed outlet, the seeded rules and the autumn 2026 calendar.
fn directory() -> Directory {
    let mut dir = Directory::default();
    dir.put_outlet(outlet("open", OutletStatus::Normal));
    dir.put_outlet(outlet("shut", OutletStatus::Closed));
    dir.catalogue
        .set_rules(serde_json::from_str(include_str!("../../../seed/hotline-rules.json")).unwrap());
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

#[test]
fn every_allowed_transition_is_planned_and_every_other_refused_with_409() {
    let mut planned = 0;
    for action in ALL_ACTIONS {
        let Some(role) = role_for(action) else {
            continue;
        };
        for state in ALL_STATES {
            let result = run(action, state, &valid_input(action), role);
            match action.next_state(state) {
                Some(to) => {
                    let out = result.unwrap_or_else(|e| panic!("{action:?} from {state:?}: {e}"));
                    assert_eq!(out.ticket.state, to, "{action:?} from {state:?}");
                    assert_eq!(out.events[0].action, action);
                    assert_eq!(out.events[0].from_state, Some(state));
                    assert_eq!(out.ticket.version, 4, "the version moves on");
                    planned += 1;
                }
                None => assert!(
                    is_conflict(&result),
                    "{action:?} from {state:?}: {result:?}"
                ),
            }
        }
    }
    assert!(planned >= 25, "only {planned} transitions planned");
}

#[test]
fn actions_of_another_role_and_internal_actions_are_forbidden() {
    for action in ALL_ACTIONS {
        for role in [
            Role::Admin,
            Role::Operator,
            Role::OutletStaff,
            Role::Auditor,
            Role::Open311Client,
        ] {
            if !action.allowed_for(role) {
                let result = run(action, S::Accepted, &valid_input(action), role);
                assert!(
                    matches!(result, Err(AppError::Forbidden)),
                    "{action:?} as {role:?}"
                );
            }
        }
    }
}

#[test]
fn missing_or_invalid_fields_are_named() {
    let op = Role::Operator;
    let staff = Role::OutletStaff;
    let none = ActionInput::default();
    assert_eq!(field(run(A::Assign, S::Received, &none, op)), "outlet_id");
    let shut = ActionInput {
        outlet_id: Some("shut".into()),
        ..Default::default()
    };
    assert_eq!(field(run(A::Assign, S::Received, &shut, op)), "outlet_id");
    let unexplained = ActionInput {
        outlet_id: Some("open".into()),
        ..Default::default()
    };
    assert_eq!(
        field(run(A::Reassign, S::Assigned, &unexplained, op)),
        "note"
    );
    assert_eq!(field(run(A::Return, S::Assigned, &none, staff)), "note");
    assert_eq!(
        field(run(A::RequestInfo, S::Accepted, &none, staff)),
        "note"
    );
    assert_eq!(field(run(A::Suspend, S::Accepted, &none, staff)), "note");
    for days in [0, 61] {
        let input = ActionInput {
            days: Some(days),
            note: Some("理由".into()),
            ..Default::default()
        };
        assert_eq!(
            field(run(A::RequestExtension, S::Accepted, &input, staff)),
            "days"
        );
    }
    assert_eq!(field(run(A::Reply, S::Accepted, &none, staff)), "reply");
    let blank = ActionInput {
        reply: Some("   ".into()),
        ..Default::default()
    };
    assert_eq!(field(run(A::Reply, S::Accepted, &blank, staff)), "reply");
    for score in [0, 6] {
        let input = ActionInput {
            satisfaction: Some(score),
            ..Default::default()
        };
        assert_eq!(
            field(run(A::Callback, S::Replied, &input, op)),
            "satisfaction"
        );
    }
    let resolved = ActionInput {
        close_reason: Some(CloseReason::Resolved),
        ..Default::default()
    };
    assert_eq!(
        field(run(A::Close, S::Accepted, &resolved, op)),
        "close_reason"
    );
    let itself = ActionInput {
        merge_into: Some("t1".into()),
        ..Default::default()
    };
    assert_eq!(field(run(A::Merge, S::Accepted, &itself, op)), "merge_into");
    assert_eq!(field(run(A::Classify, S::Received, &none, op)), "kind");
}

#[test]
fn refusals_that_depend_on_the_history_or_the_kind() {
    let (op, staff) = (Role::Operator, Role::OutletStaff);
    // An extension can only be granted when one is pending.
    let (accepted, history) = ticket(S::Accepted, TicketKind::Complaint);
    let actor = Actor::system();
    let now = t("2026-10-14T02:00:00Z");
    let grant = plan(
        &directory(),
        (&accepted, &history),
        A::GrantExtension,
        &valid_input(A::GrantExtension),
        (&actor, op),
        now,
    );
    assert!(is_conflict(&grant), "{grant:?}");
    // Only enquiries are answered directly.
    let answer = plan(
        &directory(),
        (&ticket(S::Received, TicketKind::Complaint).0, &history),
        A::Answer,
        &valid_input(A::Answer),
        (&actor, op),
        now,
    );
    assert!(is_conflict(&answer), "{answer:?}");
    // The objection period (5 working days from the referral on 12 October) is over by the 30th.
    let late = plan(
        &directory(),
        (&ticket(S::Assigned, TicketKind::Complaint).0, &history),
        A::Return,
        &valid_input(A::Return),
        (&actor, staff),
        t("2026-10-30T02:00:00Z"),
    );
    assert!(is_conflict(&late), "{late:?}");
}

#[test]
fn a_backdated_action_stays_between_the_last_event_and_now() {
    let op = Role::Operator;
    let now = t("2026-10-14T02:00:00Z");
    let before_last = ActionInput {
        at: Some(t("2026-10-11T00:00:00Z")),
        ..valid_input(A::Accept)
    };
    assert_eq!(
        field(run(A::Accept, S::Assigned, &before_last, Role::OutletStaff)),
        "at"
    );
    let future = ActionInput {
        at: Some(now + Duration::minutes(5)),
        ..valid_input(A::Classify)
    };
    assert_eq!(field(run(A::Classify, S::Accepted, &future, op)), "at");
    let earlier = ActionInput {
        at: Some(t("2026-10-13T08:00:00Z")),
        ..valid_input(A::Classify)
    };
    let out = run(A::Classify, S::Accepted, &earlier, op).unwrap();
    assert_eq!(out.events[0].at, t("2026-10-13T08:00:00Z"));
    assert_eq!(out.ticket.updated_at, now);
}

#[test]
fn outlets_may_not_date_their_own_actions_and_the_hotline_only_30_days_back() {
    let staff_dated = ActionInput {
        at: Some(t("2026-10-13T08:00:00Z")),
        ..valid_input(A::Accept)
    };
    let staff = run(A::Accept, S::Assigned, &staff_dated, Role::OutletStaff);
    assert_eq!(field(staff), "at");
    let long_ago = ActionInput {
        at: Some(t("2026-09-01T08:00:00Z")),
        ..valid_input(A::Classify)
    };
    assert_eq!(
        field(run(A::Classify, S::Accepted, &long_ago, Role::Operator)),
        "at"
    );
}

#[test]
fn effects_of_the_actions_that_change_fields() {
    let (op, staff) = (Role::Operator, Role::OutletStaff);
    let assigned = run(A::Assign, S::Received, &valid_input(A::Assign), op).unwrap();
    assert_eq!(assigned.ticket.outlet_id.as_deref(), Some("open"));
    assert_eq!(assigned.events[0].outlet_id.as_deref(), Some("open"));
    let returned = run(A::Return, S::Assigned, &valid_input(A::Return), staff).unwrap();
    assert_eq!(returned.ticket.outlet_id, None);
    let granted = run(
        A::GrantExtension,
        S::Accepted,
        &valid_input(A::GrantExtension),
        op,
    )
    .unwrap();
    assert_eq!(granted.events[0].days, Some(5));
    let answered = run(A::Answer, S::Received, &valid_input(A::Answer), op).unwrap();
    assert_eq!(answered.ticket.close_reason, Some(CloseReason::Answered));
    assert_eq!(answered.ticket.reply.as_deref(), Some("已答复"));
    let resolved = run(A::Callback, S::Replied, &valid_input(A::Callback), op).unwrap();
    assert_eq!(resolved.ticket.close_reason, Some(CloseReason::Resolved));
    assert_eq!(resolved.ticket.satisfaction, Some(5));
    let unhappy = ActionInput {
        satisfaction: Some(2),
        ..Default::default()
    };
    let reopened = run(A::Callback, S::Replied, &unhappy, op).unwrap();
    assert_eq!(reopened.ticket.state, S::Accepted, "重办");
    let actions: Vec<A> = reopened.events.iter().map(|e| e.action).collect();
    assert_eq!(actions, [A::Callback, A::Reopen]);
    assert_eq!(reopened.events[0].to_state, S::Replied);
    let merged = run(A::Merge, S::Accepted, &valid_input(A::Merge), op).unwrap();
    assert_eq!(merged.ticket.merged_into.as_deref(), Some("t2"));
    assert_eq!(merged.ticket.close_reason, Some(CloseReason::Duplicate));
    let classified = run(A::Classify, S::Received, &valid_input(A::Classify), op).unwrap();
    assert_eq!(classified.ticket.kind, TicketKind::Report);
    assert_eq!(
        classified.events[0].note.as_deref(),
        Some("report / trademark")
    );
}
