//! Outreach campaigns: the outcome summary equals the events' sums, the
//! per-city minimums, the public feeds, and outlet staff's own events.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, TestApp};
use ipr_service::domain::vocab::Role;

const FIGURES: [&str; 7] = [
    "firms_served",
    "attendees",
    "trainings_held",
    "matchings_held",
    "pledge_deals",
    "pledge_amount_yuan",
    "jobs_offered",
];

async fn event(app: &TestApp, key: &str, body: Value) -> (u16, Value) {
    app.send(Method::POST, "/api/v1/events", Some(key), &body)
        .await
}

fn draft(campaign: &str, kind: &str, region: &str, start: &str, status: &str) -> Value {
    json!({
        "campaign_id": campaign, "event_type": kind, "title": format!("{kind} 活动 {region} {start}"),
        "organiser_name": "江苏省知识产权保护中心", "region_code": region, "place": "市民中心会议室",
        "lat": 31.3, "lng": 120.6, "starts_at": format!("{start}T09:30:00+08:00"), "ends_at": format!("{start}T11:30:00+08:00"),
        "attendance_mode": "offline", "status": status
    })
}

#[tokio::test]
async fn the_outcome_summary_is_the_sum_of_its_events_to_the_yuan() {
    let app = spawn_app().await;
    let campaign = json!({
        "name": "2026年知识产权服务万里行", "theme": "服务进园区", "issuing_body": "江苏省知识产权局", "region_code": "320000",
        "starts_on": "2026-04-01", "ends_on": "2026-12-31", "minimums": [{ "event_type": "finance_matching", "per_city": 2 }]
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/campaigns",
            Some(&app.admin_key),
            &campaign,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap().to_owned();
    // Nanjing 2 matchings, Suzhou 1 matching and a training, Wuxi 2 matchings and an upcoming job fair.
    let plan = [
        (
            "320102",
            "finance_matching",
            "2026-05-10",
            40,
            123_456_789u64,
        ),
        ("320102", "finance_matching", "2026-06-10", 25, 1),
        ("320505", "finance_matching", "2026-05-20", 31, 98_765_432),
        ("320505", "training", "2026-07-20", 120, 0),
        (
            "320206",
            "finance_matching",
            "2026-08-02",
            18,
            500_000_000_000,
        ),
        ("320206", "finance_matching", "2026-09-02", 22, 7),
    ];
    let mut expected: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
    for (n, (region, kind, day, firms, amount)) in plan.iter().enumerate() {
        let (status, e) = event(
            &app,
            &app.operator_key,
            draft(&id, kind, region, day, "held"),
        )
        .await;
        assert_eq!(status, 201, "{e}");
        let outcome = json!({
            "firms_served": firms, "attendees": firms * 3, "trainings_held": u64::from(*kind == "training"),
            "matchings_held": u64::from(*kind == "finance_matching") * 2, "pledge_deals": u64::from(*amount > 0) * (n as u64 + 1),
            "pledge_amount_yuan": amount, "jobs_offered": 0, "highlights": "现场签约"
        });
        let path = format!(
            "/api/v1/events/{}/outcome",
            e["identifier"].as_str().unwrap()
        );
        let (status, _) = app
            .send(Method::PUT, &path, Some(&app.operator_key), &outcome)
            .await;
        assert_eq!(status, 200);
        let sums = expected.entry(format!("{}00", &region[..4])).or_default();
        for f in FIGURES {
            *sums.entry(f).or_default() += outcome[f].as_u64().unwrap();
        }
        *sums.entry("events_held").or_default() += 1;
    }
    let (status, upcoming) = event(
        &app,
        &app.operator_key,
        draft(&id, "job_fair", "320206", "2026-12-10", "scheduled"),
    )
    .await;
    assert_eq!(status, 201, "{upcoming}");

    let (_, summary) = app.get(&format!("/api/v1/campaigns/{id}/summary")).await;
    let cities = summary["cities"].as_array().unwrap();
    assert_eq!(cities.len(), 3, "{summary}");
    for row in cities {
        let want = &expected[row["region_code"].as_str().unwrap()];
        for (field, value) in want {
            assert_eq!(
                row[*field].as_u64(),
                Some(*value),
                "{field} of {}",
                row["region_code"]
            );
        }
    }
    let total: u64 = plan.iter().map(|p| p.4).sum();
    assert_eq!(summary["total"]["pledge_amount_yuan"].as_u64(), Some(total));
    assert_eq!(
        summary["provinces"][0]["pledge_amount_yuan"].as_u64(),
        Some(500_222_222_229)
    );

    // The CSV holds the same rows and figures as the JSON.
    let res = app
        .client
        .get(format!(
            "{}/api/v1/campaigns/{id}/summary?format=csv",
            app.address
        ))
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let json_rows: Vec<&Value> = cities
        .iter()
        .chain(summary["provinces"].as_array().unwrap())
        .chain([&summary["total"]])
        .collect();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), json_rows.len());
    for (record, row) in records.iter().zip(json_rows) {
        for (h, cell) in headers.iter().zip(record.iter()) {
            let want = match &row[h] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            assert_eq!(cell, want, "{h}");
        }
    }

    // Suzhou has one finance-matching event against a minimum of two.
    let (_, view) = app
        .get_as(
            &format!("/api/v1/campaigns/{id}/compliance"),
            &app.operator_key,
        )
        .await;
    let short: Vec<(&str, u64)> = items(&view)
        .iter()
        .map(|s| {
            (
                s["city_code"].as_str().unwrap(),
                s["counted"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(short.contains(&("320500", 1)), "{view}");
    assert!(
        !short.iter().any(|(c, _)| *c == "320100" || *c == "320200"),
        "{view}"
    );
    assert!(
        short.contains(&("321300", 0)),
        "a Jiangsu city without events"
    );
}

#[tokio::test]
async fn upcoming_events_are_found_near_a_point_and_in_a_region_feed() {
    let app = spawn_app().await;
    let mut online = draft("", "training", "320505", "2026-12-01", "scheduled");
    online.as_object_mut().unwrap().remove("campaign_id");
    online["attendance_mode"] = json!("online");
    online["registration_url"] = json!("https://example.cn/register");
    let (status, made) = event(&app, &app.operator_key, online).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["@type"], "Event");
    assert_eq!(
        made["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    let mut past = draft("", "training", "320505", "2026-10-01", "held");
    past.as_object_mut().unwrap().remove("campaign_id");
    event(&app, &app.operator_key, past).await;

    let (_, near) = app
        .get("/api/v1/events/nearest?lat=31.31&lng=120.61&within_km=20")
        .await;
    assert_eq!(items(&near).len(), 1, "only the upcoming one: {near}");
    let res = app
        .client
        .get(format!("{}/api/v1/regions/320500/events.ics", app.address))
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = res.text().await.unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "{text}");
    assert!(text.contains("SUMMARY:training 活动 320505 2026-12-01"));
    let nanjing = app
        .client
        .get(format!("{}/api/v1/regions/320100/events.ics", app.address))
        .send()
        .await
        .unwrap();
    let text = nanjing.text().await.unwrap();
    assert!(
        text.starts_with("BEGIN:VCALENDAR") && !text.contains("BEGIN:VEVENT"),
        "Nanjing has none: {text}"
    );
}

#[tokio::test]
async fn outlet_staff_record_their_own_outlets_events_only() {
    let app = spawn_app().await;
    let mine = app.outlet_id("平遥县知识产权服务工作站").await;
    let other = app.outlet_id("晋中市知识产权公共服务中心").await;
    let staff = app.key(Role::OutletStaff, Some(&mine));
    let body = |outlet: &str| {
        json!({
            "event_type": "geographical_indication", "title": "平遥牛肉地理标志推广", "organiser_outlet_id": outlet,
            "region_code": "140728", "place": "平遥古城游客中心", "starts_at": "2026-12-05T10:00:00+08:00",
            "ends_at": "2026-12-05T12:00:00+08:00", "attendance_mode": "offline"
        })
    };
    let (status, made) = event(&app, &staff, body(&mine)).await;
    assert_eq!(status, 201, "{made}");
    let (status, _) = event(&app, &staff, body(&other)).await;
    assert_eq!(status, 403);
    let id = made["identifier"].as_str().unwrap();
    let outcome = json!({ "firms_served": 1, "attendees": 1, "trainings_held": 0, "matchings_held": 0, "pledge_deals": 0, "pledge_amount_yuan": 0, "jobs_offered": 0 });
    let (status, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/events/{id}/outcome"),
            Some(&staff),
            &outcome,
        )
        .await;
    assert_eq!(status, 409, "not held yet");
}
