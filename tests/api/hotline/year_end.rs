//! Clocks across the year boundary: a period running into a year whose
//! holiday arrangement is not published is counted on its statutory holidays,
//! says `provisional`, still escalates, and moves when the year is published.

use reqwest::Method;
use serde_json::json;

use super::{clock, complaint};
use crate::helpers::{items, spawn_app, spawn_app_configured};
use ipr_service::db;
use ipr_service::domain::vocab::Role;

#[tokio::test]
async fn a_handling_clock_into_2027_is_provisional_escalates_and_moves_when_2027_is_published() {
    let app = spawn_app_configured(|c| c.sweep_every_ms = 200).await;
    app.clock.set("2026-12-20T10:00:00+08:00".parse().unwrap());
    let city = app.outlet_id("晋中市知识产权公共服务中心").await;
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-12-18T10:00:00+08:00"),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let id = receipt["ticket"]["id"].as_str().unwrap().to_owned();
    let outlet = receipt["ticket"]["outlet_id"].as_str().unwrap().to_owned();
    let staff = app.key(Role::OutletStaff, Some(&outlet));
    let (status, t) = app.act(&id, &staff, json!({ "action": "accept" })).await;
    assert_eq!(status, 200, "{t}");
    // 13 working days from Monday 21 December: 9 in 2026, then 1 January
    // (元旦, statutory) is skipped and 4–7 January count.
    let handling = clock(&t, "handling");
    assert_eq!(handling["due"], "2027-01-07", "{handling}");
    assert_eq!(handling["provisional"], true);
    assert_eq!(clock(&t, "acceptance")["provisional"], false);

    let tracking = receipt["tracking_number"].as_str().unwrap();
    let token = receipt["status_token"].as_str().unwrap();
    let status_path = format!("/api/v1/tickets/status?tracking={tracking}&token={token}");
    let (_, public) = app.get(&status_path).await;
    assert_eq!(public["due"]["due"], "2027-01-07", "{public}");
    assert_eq!(public["due"]["provisional"], true);
    assert_eq!(public["handled_by"]["id"], outlet.as_str());

    // The deadline passes: the sweep escalates to the parent outlet, no read needed.
    app.clock.set("2027-01-08T09:00:00+08:00".parse().unwrap());
    let escalated = app.escalated_to(&id).await;
    assert_eq!(
        escalated.as_deref(),
        Some(city.as_str()),
        "escalated within 5 s"
    );
    let (_, t) = app
        .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
        .await;
    assert_eq!(clock(&t, "handling")["level"], "overdue");

    // The State Council publishes 2027 with a make-up working day on Saturday 2 January.
    let year = json!({
        "source": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        "days": [
            { "date": "2027-01-01", "kind": "holiday", "name_zh": "元旦", "name_en": "New Year's Day" },
            { "date": "2027-01-02", "kind": "workday", "name_zh": "元旦调休", "name_en": "Make-up working day" }
        ]
    });
    let (status, body) = app
        .send(
            Method::PUT,
            "/api/v1/calendar/2027",
            Some(&app.admin_key),
            &year,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, t) = app
        .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
        .await;
    let handling = clock(&t, "handling");
    assert_eq!(handling["due"], "2027-01-06", "{handling}");
    assert_eq!(handling["provisional"], false);
}

#[tokio::test]
async fn reading_queues_changes_nothing_even_with_an_overdue_ticket() {
    // The sweep runs once an hour here: nothing but the requests writes.
    let app = spawn_app().await;
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-10-01T10:00:00+08:00"),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["ticket"]["overdue"], true);
    let snapshot = || {
        let mut conn = app.pool().get().unwrap();
        (
            db::tickets::all(&mut conn).unwrap(),
            db::tickets::all_events(&mut conn).unwrap(),
        )
    };
    let before = snapshot();
    // On SQLite, a connection of its own sees whether any other committed to
    // the tickets' file, or to the access log's, in between.
    let url = app.database_url();
    let mut watcher = (url.strip_prefix("sqlite://"))
        .map(|path| db::backup::open(std::path::Path::new(path)).unwrap());
    let mut versions = || {
        watcher.as_mut().map(|conn| {
            ["main", "access"].map(|schema| {
                let q = format!("PRAGMA {schema}.data_version");
                diesel::RunQueryDsl::get_result::<Version>(diesel::sql_query(q), conn)
                    .unwrap()
                    .data_version
            })
        })
    };
    let versions_before = versions();
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets?overdue=true",
        "/api/v1/tickets?due_soon=false",
    ] {
        let (status, page) = app.get_as(path, &app.operator_key).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(items(&page).len(), 1, "{path}");
    }
    assert_eq!(snapshot(), before, "GET /api/v1/tickets wrote nothing");
    if let (Some([main, access]), Some([main_after, access_after])) = (versions_before, versions())
    {
        assert_eq!(
            main_after, main,
            "no commit to the tickets' file: its readers stay warm"
        );
        assert_ne!(
            access_after, access,
            "the operator's full views were logged"
        );
    }
}

/// `PRAGMA data_version`.
#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    data_version: i64,
}

#[tokio::test]
async fn unpublished_years_answer_provisionally_only_when_asked() {
    let app = spawn_app().await;
    let (status, year) = app.get("/api/v1/calendar/2027").await;
    assert_eq!(status, 200, "{year}");
    assert_eq!(year["provisional"], true);
    let days: Vec<&str> = year["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    // 春节 2027: 除夕 5 February to 正月初三 8 February.
    for day in [
        "2027-01-01",
        "2027-02-05",
        "2027-02-08",
        "2027-05-02",
        "2027-10-03",
    ] {
        assert!(days.contains(&day), "{day} in {days:?}");
    }
    assert_eq!(
        days.len(),
        13,
        "the 13 statutory days of the 2024 regulations"
    );
    let (_, published) = app.get("/api/v1/calendar/2026").await;
    assert_eq!(published["provisional"], false);

    let due = "/api/v1/calendar/due-date?start=2026-12-20&days=13";
    let (status, refused) = app.get(due).await;
    assert_eq!(
        (status, refused["field"].as_str()),
        (422, Some("start")),
        "{refused}"
    );
    assert!(refused["detail"]
        .as_str()
        .unwrap()
        .contains("provisional=true"));
    let (status, answer) = app.get(&format!("{due}&provisional=true")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["due"].as_str(), answer["provisional"].as_bool()),
        (Some("2027-01-07"), Some(true))
    );
    let (_, within) = app
        .get("/api/v1/calendar/due-date?start=2026-11-02&days=5")
        .await;
    assert_eq!(within["provisional"], false);
}
