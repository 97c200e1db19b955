use super::*;
use crate::domain::calendar::autumn_2026;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn nine_to_five() -> OpeningHours {
    let day = vec![Interval {
        opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
    }];
    let weekly = Weekly {
        mon: day.clone(),
        tue: day.clone(),
        wed: day.clone(),
        thu: day.clone(),
        fri: day,
        ..Default::default()
    };
    OpeningHours {
        weekly,
        exceptions: vec![],
        closed_on_holidays: true,
        open_on_makeup_days: true,
        note: None,
    }
}

#[test]
fn national_day_make_up_saturday_and_sunday() {
    let (h, c) = (nine_to_five(), autumn_2026());
    assert!(
        !h.is_open_at(at("2026-10-01T10:00:00+08:00"), &c).unwrap(),
        "National Day"
    );
    assert!(
        h.is_open_at(at("2026-10-10T10:00:00+08:00"), &c).unwrap(),
        "make-up Saturday"
    );
    assert!(
        !h.is_open_at(at("2026-10-11T10:00:00+08:00"), &c).unwrap(),
        "Sunday"
    );
    assert!(
        !h.is_open_at(at("2026-10-12T17:00:00+08:00"), &c).unwrap(),
        "closing time is closed"
    );
    let next = h.next_open_at(at("2026-10-01T10:00:00+08:00"), &c).unwrap();
    assert_eq!(next.to_rfc3339(), "2026-10-08T09:00:00+08:00");
}

#[test]
fn exceptions_win_and_overrides_apply() {
    let c = autumn_2026();
    let mut h = nine_to_five();
    h.exceptions.push(HoursException {
        date: "2026-10-12".parse().unwrap(),
        intervals: vec![],
        reason: "系统升级".into(),
    });
    assert!(!h.is_open_at(at("2026-10-12T10:00:00+08:00"), &c).unwrap());
    h.closed_on_holidays = false;
    h.open_on_makeup_days = false;
    assert!(
        h.is_open_at(at("2026-10-01T10:00:00+08:00"), &c).unwrap(),
        "Thursday hours apply"
    );
    assert!(
        !h.is_open_at(at("2026-10-10T10:00:00+08:00"), &c).unwrap(),
        "Saturday hours (none) apply"
    );
    assert_eq!(
        h.is_open_at(at("2027-01-04T10:00:00+08:00"), &c),
        Err(YearNotPublished(2027))
    );
    assert_eq!(h.next_open_at(at("2026-12-31T18:00:00+08:00"), &c), None);
}

#[test]
fn rejects_overlapping_intervals() {
    let mut h = nine_to_five();
    h.weekly.mon.push(Interval {
        opens: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
    });
    assert_eq!(h.validate().unwrap_err().field, "weekly.mon");
    assert!(nine_to_five().validate().is_ok());
}

#[test]
fn weekly_hours_and_days_open_over_national_day() {
    let (h, c) = (nine_to_five(), autumn_2026());
    assert_eq!(h.weekly.hours_per_week(), 40.0);
    let d = |day| NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
    // 1–7 October are holidays; Saturday 10 October is a make-up working day.
    assert_eq!(
        h.days_open((d(1), d(10)), &c).unwrap(),
        3,
        "the 8th, the 9th and the make-up 10th"
    );
    let mut closed = h.clone();
    closed.exceptions.push(HoursException {
        date: d(9),
        intervals: vec![],
        reason: "系统升级暂停服务".into(),
    });
    assert_eq!(closed.days_open((d(1), d(10)), &c).unwrap(), 2);
}
