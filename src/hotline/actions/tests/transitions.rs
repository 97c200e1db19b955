//! Every transition of the state machine, every role and every refusal.

use super::*;

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
