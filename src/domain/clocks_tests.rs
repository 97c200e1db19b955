use super::*;
use crate::domain::calendar::autumn_2026;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn rule(timer: Timer, days: u32) -> ClockRule {
    ClockRule {
        kind: TicketKind::Complaint,
        category: None,
        timer,
        days,
        day_kind: DayKind::Working,
        source: "test".into(),
        confidence: Confidence::High,
    }
}

fn event(s: &str, action: TicketAction) -> ClockEvent {
    ClockEvent {
        at: at(s),
        action,
        days: None,
    }
}

#[test]
fn pauses_are_excluded_and_extensions_added() {
    use TicketAction as A;
    let rules = [rule(Timer::Acceptance, 7), rule(Timer::Handling, 13)];
    let events = [
        event("2026-09-28T10:00:00+08:00", A::Create),
        event("2026-09-28T10:05:00+08:00", A::Assign),
        event("2026-09-29T09:00:00+08:00", A::Accept),
        event("2026-09-30T10:00:00+08:00", A::RequestInfo),
        event("2026-10-09T10:00:00+08:00", A::Resume),
    ];
    let received = at("2026-09-28T10:00:00+08:00");
    let now = at("2026-10-12T10:00:00+08:00");
    let clocks = compute(
        &rules,
        (TicketKind::Complaint, TicketCategory::Patent),
        received,
        &events,
        &autumn_2026(),
        now,
    );
    let acceptance = &clocks[0];
    assert_eq!(acceptance.due, Ok("2026-10-13".parse().unwrap()));
    assert_eq!(acceptance.met, Some(true));
    let handling = &clocks[1];
    // 13 working days after 29 September is 22 October; 8 and 9 October were paused.
    assert_eq!(handling.paused_days, 2);
    assert_eq!(handling.due, Ok("2026-10-26".parse().unwrap()));
    assert_eq!(handling.level, None);

    let mut extended = events.to_vec();
    extended.push(ClockEvent {
        at: at("2026-10-12T09:00:00+08:00"),
        action: A::GrantExtension,
        days: Some(5),
    });
    let clocks = compute(
        &rules,
        (TicketKind::Complaint, TicketCategory::Patent),
        received,
        &extended,
        &autumn_2026(),
        now,
    );
    assert_eq!(clocks[1].due, Ok("2026-11-02".parse().unwrap()));
}

#[test]
fn running_clocks_warn_and_go_overdue() {
    let rules = [rule(Timer::Acceptance, 7)];
    let received = at("2026-10-08T10:00:00+08:00");
    let cal = autumn_2026();
    let key = (TicketKind::Complaint, TicketCategory::Trademark);
    // 9 October, the make-up Saturday 10th, then 12–16 October.
    let due_soon = compute(
        &rules,
        key,
        received,
        &[],
        &cal,
        at("2026-10-15T10:00:00+08:00"),
    );
    assert_eq!(due_soon[0].due, Ok("2026-10-16".parse().unwrap()));
    assert_eq!(due_soon[0].level, Some(WarningLevel::DueSoon));
    let on_time = compute(
        &rules,
        key,
        received,
        &[],
        &cal,
        at("2026-10-12T10:00:00+08:00"),
    );
    assert_eq!(on_time[0].level, None);
    let overdue = compute(
        &rules,
        key,
        received,
        &[],
        &cal,
        at("2026-10-19T10:00:00+08:00"),
    );
    assert_eq!(overdue[0].level, Some(WarningLevel::Overdue));
    // Into 2027, not published: 31 December, 元旦 off, then 4–8 and 11 January.
    let unpublished = compute(
        &rules,
        key,
        at("2026-12-30T10:00:00+08:00"),
        &[],
        &cal,
        at("2026-12-30T11:00:00+08:00"),
    );
    assert_eq!(unpublished[0].due, Ok("2027-01-11".parse().unwrap()));
    assert!(unpublished[0].provisional);
    assert!(!due_soon[0].provisional);
    // It still warns and goes overdue on the provisional date.
    let late = compute(
        &rules,
        key,
        at("2026-12-30T10:00:00+08:00"),
        &[],
        &cal,
        at("2027-01-12T09:00:00+08:00"),
    );
    assert_eq!(late[0].level, Some(WarningLevel::Overdue));
    // Before 2025 there is no calendar at all: no due date, no level.
    let ancient = compute(
        &rules,
        key,
        at("2024-12-30T10:00:00+08:00"),
        &[],
        &cal,
        at("2024-12-30T11:00:00+08:00"),
    );
    assert_eq!(ancient[0].due, Err(YearNotPublished(2024)));
    assert_eq!(ancient[0].level, None);
}

#[test]
fn category_rules_win_over_kind_rules() {
    let mut specific = rule(Timer::Handling, 30);
    specific.category = Some(TicketCategory::GeographicalIndication);
    let rules = [rule(Timer::Handling, 13), specific];
    let gi = rule_for(
        &rules,
        TicketKind::Complaint,
        TicketCategory::GeographicalIndication,
        Timer::Handling,
    );
    assert_eq!(gi.map(|r| r.days), Some(30));
    assert_eq!(
        rule_for(
            &rules,
            TicketKind::Complaint,
            TicketCategory::Patent,
            Timer::Handling
        )
        .map(|r| r.days),
        Some(13)
    );
    assert_eq!(
        rule_for(
            &rules,
            TicketKind::Report,
            TicketCategory::Patent,
            Timer::Handling
        ),
        None
    );
}

#[test]
fn the_objection_window_never_goes_overdue() {
    let rules = [rule(Timer::Objection, 5)];
    let events = [event("2026-10-12T09:00:00+08:00", TicketAction::Assign)];
    let clocks = compute(
        &rules,
        (TicketKind::Complaint, TicketCategory::Patent),
        at("2026-10-12T09:00:00+08:00"),
        &events,
        &autumn_2026(),
        at("2026-11-20T09:00:00+08:00"),
    );
    assert_eq!(clocks[0].due, Ok("2026-10-19".parse().unwrap()));
    assert_eq!((clocks[0].level, clocks[0].met), (None, None));
}
