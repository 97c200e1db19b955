//! Several replicas on one database: directory writes on one show on the
//! others within a second, and each webhook event is delivered once although
//! every replica runs a delivery worker.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::helpers::fixtures::{pingyao_ticket, subscribe};
use crate::helpers::receiver::Receiver;
use crate::helpers::{items, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outlet_created_on_one_replica_is_found_nearest_on_another_within_a_second() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let outlet = json!({
        "name": "平遥古城商标品牌指导站", "kind": "trademark_brand_station", "tier": "county",
        "region_code": "140728", "address": "山西省晋中市平遥县古城南大街",
        "location": { "lng": 112.1850, "lat": 37.2010 }, "phones": ["0354-5600000"]
    });
    let (status, created) = a
        .send(Method::POST, "/api/v1/outlets", Some(&a.admin_key), &outlet)
        .await;
    assert_eq!(status, 201, "{created}");
    let written = Instant::now();
    let id = created["id"].as_str().unwrap();
    let nearest = format!("{b}/api/v1/outlets/nearest?lng=112.1850&lat=37.2010&limit=1");
    loop {
        let body: serde_json::Value = a
            .client
            .get(&nearest)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if items(&body).first().is_some_and(|o| o["id"] == id) {
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "replica B did not see the outlet within 1 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A close on B shows on A as well.
    let etag = a.etag(&format!("/api/v1/outlets/{id}"), &a.admin_key).await;
    let res = a
        .client
        .delete(format!("{b}/api/v1/outlets/{id}?reason=merged"))
        .bearer_auth(&a.admin_key)
        .header("if-match", etag.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let closed_at = Instant::now();
    while a.get(&format!("/api/v1/outlets/{id}")).await.1["status"] != "closed" {
        assert!(
            closed_at.elapsed() < Duration::from_secs(1),
            "replica A did not see the close"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_calendar_published_on_one_replica_is_used_by_another_within_a_second() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let due = format!("{b}/api/v1/calendar/due-date?start=2027-01-04&days=1&day_kind=working");
    assert_eq!(
        a.client.get(&due).send().await.unwrap().status(),
        422,
        "2027 not published yet"
    );
    let year = json!({ "source": "测试通知", "days": [
        { "date": "2027-01-05", "kind": "holiday", "name_zh": "测试假日", "name_en": "Test holiday" }
    ]});
    let (status, _) = a
        .send(
            Method::PUT,
            "/api/v1/calendar/2027",
            Some(&a.admin_key),
            &year,
        )
        .await;
    assert_eq!(status, 200);
    let written = Instant::now();
    loop {
        let res = a.client.get(&due).send().await.unwrap();
        if res.status() == 200 {
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["due"], "2027-01-06", "the holiday on B's calendar");
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "replica B still lacks 2027"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_replica_delivers_yet_each_event_arrives_once() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let mut receiver = Receiver::new();
    receiver.start();
    subscribe(&a, &receiver.url(), &a.admin_key).await;
    for n in 0..12 {
        let base = if n % 2 == 0 {
            a.address.clone()
        } else {
            b.clone()
        };
        let res = a
            .client
            .post(format!("{base}/api/v1/tickets"))
            .json(&pingyao_ticket(n))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    receiver.wait_for(24, 30).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let accepted = receiver.accepted_by_id();
    assert_eq!(accepted.len(), 24);
    let twice: Vec<_> = accepted
        .iter()
        .filter(|(_, c)| c.len() > 1)
        .map(|(id, _)| id)
        .collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_on_postgresql_share_the_phone_limit_sqlite_counts_per_process() {
    let a = crate::helpers::spawn_app_configured(|c| c.guard.intake_per_phone_per_hour = 2).await;
    let b = a.replica().await;
    let on_postgres = std::env::var("TEST_POSTGRES_URL").is_ok();
    let mut ticket = pingyao_ticket(0);
    ticket["reporter"] = json!({ "name": "赵六", "phone": "13600000009" });
    let post = |base: String| {
        let (client, ticket) = (a.client.clone(), ticket.clone());
        async move {
            let res = client
                .post(format!("{base}/api/v1/tickets"))
                .json(&ticket)
                .send()
                .await;
            res.unwrap().status().as_u16()
        }
    };
    assert_eq!(post(a.address.clone()).await, 201);
    assert_eq!(post(b.clone()).await, 201);
    // Two hits in all: on PostgreSQL the quota of 2 is used up on every
    // replica; on SQLite (one process in production) each counts its own.
    if on_postgres {
        assert_eq!(post(a.address.clone()).await, 429);
        assert_eq!(post(b).await, 429);
    } else {
        assert_eq!(post(a.address.clone()).await, 201);
        assert_eq!(post(b.clone()).await, 201);
        assert_eq!(post(b).await, 429);
    }
}
