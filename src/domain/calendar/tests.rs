use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn weekends_holidays_and_make_up_days() {
    let c = autumn_2026();
    assert!(c.is_working_day(d("2026-09-30")).unwrap());
    assert!(!c.is_working_day(d("2026-10-01")).unwrap());
    assert!(
        c.is_working_day(d("2026-10-10")).unwrap(),
        "Saturday make-up day"
    );
    assert!(!c.is_working_day(d("2026-10-11")).unwrap(), "plain Sunday");
    assert_eq!(
        c.is_working_day(d("2027-01-04")),
        Err(YearNotPublished(2027))
    );
}

#[test]
fn working_day_periods_skip_the_golden_week() {
    let c = autumn_2026();
    // Received Tuesday 29 September: day 1 is the 30th, then the week off,
    // Thursday 8 and Friday 9, the make-up Saturday 10, and Monday 12 October.
    let due: Vec<_> = (1..=5)
        .map(|n| c.add_working_days(d("2026-09-29"), n).unwrap().value)
        .collect();
    assert_eq!(
        due,
        [
            "2026-09-30",
            "2026-10-08",
            "2026-10-09",
            "2026-10-10",
            "2026-10-12"
        ]
        .map(d)
    );
    assert_eq!(
        c.working_days_between(d("2026-09-29"), d("2026-10-12"))
            .unwrap(),
        Reckoned {
            value: 5,
            provisional: false
        }
    );
}

#[test]
fn periods_into_an_unpublished_year_count_its_statutory_holidays_provisionally() {
    let c = autumn_2026();
    // Thursday 31 December, then 1 January (元旦) off, Monday 4 and Tuesday 5.
    assert_eq!(
        c.add_working_days(d("2026-12-30"), 3),
        Ok(Reckoned {
            value: d("2027-01-05"),
            provisional: true
        })
    );
    assert_eq!(
        c.add_working_days(d("2027-03-01"), 0),
        Ok(Reckoned {
            value: d("2027-03-01"),
            provisional: true
        })
    );
    // 春节 2027 runs from 除夕 5 February (Friday) to 8 February (Monday).
    assert_eq!(
        c.add_working_days(d("2027-02-04"), 1).unwrap().value,
        d("2027-02-09")
    );
    assert_eq!(
        c.working_days_between(d("2026-12-30"), d("2026-12-31")),
        Ok(Reckoned {
            value: 1,
            provisional: false
        })
    );
    // Before the 2024 law took effect there is nothing to compute from.
    assert_eq!(
        c.add_working_days(d("2024-12-30"), 1),
        Err(YearNotPublished(2024))
    );
    // Publishing the year makes the same question official.
    let mut published = c.clone();
    published.replace_year(2027, [(d("2027-01-01"), SpecialDayKind::Holiday)]);
    assert_eq!(
        published.add_working_days(d("2026-12-30"), 3),
        Ok(Reckoned {
            value: d("2027-01-05"),
            provisional: false
        })
    );
    assert_ne!(
        published.stamp(),
        c.stamp(),
        "a new stamp for the new calendar"
    );
    assert_eq!(c.next_year_due(d("2026-11-01")), Some(2027));
    assert_eq!(c.next_year_due(d("2026-10-31")), None);
    assert_eq!(published.next_year_due(d("2026-12-02")), None);
}

#[test]
fn calendar_day_periods_ending_on_rest_days_move_to_the_next_working_day() {
    let c = autumn_2026();
    // 30 September + 1 = 1 October, a holiday: due on Thursday 8 October.
    assert_eq!(
        c.add_calendar_days(d("2026-09-30"), 1).unwrap().value,
        d("2026-10-08")
    );
    // Ending on the make-up Saturday: that is a working day, so it stands.
    assert_eq!(
        c.add_calendar_days(d("2026-10-03"), 7).unwrap().value,
        d("2026-10-10")
    );
    // Ending on a plain Sunday: Monday.
    assert_eq!(
        c.add_calendar_days(d("2026-10-04"), 7).unwrap().value,
        d("2026-10-12")
    );
    assert_eq!(
        c.due_date(d("2026-10-05"), 2, DayKind::Calendar)
            .unwrap()
            .value,
        d("2026-10-08")
    );
}

#[test]
fn local_dates_are_in_china_standard_time() {
    let t: DateTime<Utc> = "2026-09-30T16:30:00Z".parse().unwrap();
    assert_eq!(local_date(t), d("2026-10-01"));
}

#[test]
fn the_day_table_answers_what_the_listed_days_and_statutory_holidays_say() {
    let mut calendar = autumn_2026();
    calendar.replace_year(
        2027,
        [("2027-02-07".parse().unwrap(), SpecialDayKind::Workday)],
    );
    let from: NaiveDate = "2000-01-01".parse().unwrap();
    let to: NaiveDate = "2102-01-31".parse().unwrap();
    let mut covered = 0;
    for day in from.iter_days().take_while(|d| *d <= to) {
        assert_eq!(
            calendar.day_status(day),
            calendar.reckon_day_status(day),
            "{day}"
        );
        covered += usize::from(calendar.table.get(day).is_some());
    }
    // 2025 (the first provisional year, before the first published) to 2100.
    assert_eq!(covered, 27_758);
    let worked: NaiveDate = "2027-02-07".parse().unwrap();
    assert!(calendar.day_status(worked).unwrap().working);
    assert!(!calendar.day_status(worked).unwrap().provisional);
}
