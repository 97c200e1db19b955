//! Due dates on the official calendar, checked against expectations built
//! straight from the holiday CSV (not from the code under test).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::json;

use crate::helpers::spawn_app;

/// Listed days of seed/holidays.csv: true for make-up working days.
fn listed_days() -> HashMap<NaiveDate, bool> {
    include_str!("../../seed/holidays.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let mut cols = line.split(',');
            let date = cols.next().unwrap().parse().unwrap();
            (date, cols.next().unwrap() == "workday")
        })
        .collect()
}

/// The n-th working day after `start`, or the first year without data on the way.
fn expected_working(
    listed: &HashMap<NaiveDate, bool>,
    start: NaiveDate,
    n: u32,
) -> Result<NaiveDate, i32> {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if day.year() > 2026 {
            return Err(day.year());
        }
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if listed.get(&day).copied().unwrap_or(!weekend) {
            left -= 1;
        }
    }
    Ok(day)
}

#[tokio::test]
async fn working_day_due_dates_2024_to_2026_match_the_published_calendar() {
    let app = spawn_app().await;
    let listed = listed_days();
    let first: NaiveDate = "2024-01-01".parse().unwrap();
    let starts: Vec<NaiveDate> = (0..1096).map(|n| first + Days::new(n)).collect();
    assert_eq!(starts.last().unwrap().to_string(), "2026-12-31");
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in starts.chunks(137) {
        let (client, base, listed, chunk) = (
            app.client.clone(),
            app.address.clone(),
            listed.clone(),
            chunk.to_vec(),
        );
        tasks.spawn(async move {
            for start in chunk {
                for days in 1..=30 {
                    let url = format!("{base}/api/v1/calendar/due-date?start={start}&days={days}&day_kind=working");
                    let res = client.get(url).send().await.unwrap();
                    let status = res.status().as_u16();
                    let body: serde_json::Value = res.json().await.unwrap();
                    match expected_working(&listed, start, days) {
                        Ok(due) => assert_eq!((status, body["due"].as_str()), (200, Some(due.to_string().as_str())), "{start} + {days}"),
                        Err(year) => {
                            assert_eq!(status, 422, "{start} + {days}");
                            assert!(body["detail"].as_str().unwrap().contains(&year.to_string()));
                        }
                    }
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

#[tokio::test]
async fn calendar_periods_unpublished_years_and_corrections() {
    let app = spawn_app().await;
    let due = |start: &str, days: u32, kind: &str| {
        format!("/api/v1/calendar/due-date?start={start}&days={days}&day_kind={kind}")
    };
    // Ending on National Day (a holiday): the next working day, Thursday 8 October.
    assert_eq!(
        app.get(&due("2026-09-30", 1, "calendar")).await.1["due"],
        "2026-10-08"
    );
    assert_eq!(
        app.get(&due("2026-09-24", 7, "calendar")).await.1["due"],
        "2026-10-08"
    );
    // Ending on Spring Festival 2026 (17 February): Tuesday 24 February.
    assert_eq!(
        app.get(&due("2026-02-10", 7, "calendar")).await.1["due"],
        "2026-02-24"
    );
    // Ending on the make-up Saturday 10 October: a working day, so it stands.
    assert_eq!(
        app.get(&due("2026-10-03", 7, "calendar")).await.1["due"],
        "2026-10-10"
    );
    let (status, problem) = app.get(&due("2027-03-01", 5, "working")).await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("start")));
    assert!(
        problem["detail"].as_str().unwrap().contains("2027"),
        "{problem}"
    );

    // The State Council publishes 2027: an admin adds it and the same question is answered.
    let year = json!({
        "source": "国务院办公厅关于2027年部分节假日安排的通知（测试数据）",
        "days": [{ "date": "2027-03-03", "kind": "holiday", "name_zh": "测试假日", "name_en": "Test holiday" }]
    });
    let put = reqwest::Method::PUT;
    assert_eq!(
        app.send(
            put.clone(),
            "/api/v1/calendar/2027",
            Some(&app.operator_key),
            &year
        )
        .await
        .0,
        403
    );
    let (status, stored) = app
        .send(
            put.clone(),
            "/api/v1/calendar/2027",
            Some(&app.admin_key),
            &year,
        )
        .await;
    assert_eq!(
        (status, stored["days"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{stored}"
    );
    // 2 March, (3 March off), 4 and 5 March, then Monday 8 March.
    assert_eq!(
        app.get(&due("2027-03-01", 4, "working")).await.1["due"],
        "2027-03-08"
    );
    assert_eq!(
        app.get("/api/v1/calendar/2027").await.1["days"][0]["name_zh"],
        "测试假日"
    );
    let wrong_year = json!({ "source": "x", "days": [{ "date": "2028-01-01", "kind": "holiday", "name_zh": "元旦", "name_en": "New Year" }] });
    let (status, problem) = app
        .send(
            put,
            "/api/v1/calendar/2027",
            Some(&app.admin_key),
            &wrong_year,
        )
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("days")));
    // Not published: its statutory holidays, provisionally; before 2025, nothing.
    let (status, provisional) = app.get("/api/v1/calendar/2030").await;
    assert_eq!(
        (status, provisional["provisional"].as_bool()),
        (200, Some(true))
    );
    assert_eq!(app.get("/api/v1/calendar/2003").await.0, 404);
    let oct_2026 = app.get("/api/v1/calendar/2026").await.1;
    assert!(oct_2026["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == "2026-10-10" && d["kind"] == "workday"));
}
