//! When actions take effect, and what they change.

use super::*;

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
