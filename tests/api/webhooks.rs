//! Signed webhooks: retried while the receiver is down, each event accepted
//! once, dead-lettered after the attempt budget, redelivered through the API.

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::fixtures::{pingyao_ticket, subscribe};
use crate::helpers::receiver::Receiver;
use crate::helpers::{items, spawn_app, spawn_app_configured, TestApp};

async fn deliveries(app: &TestApp, sub: &str) -> Vec<Value> {
    let path = format!("/api/v1/webhooks/{sub}/deliveries?limit=200");
    items(&app.get_as(&path, &app.admin_key).await.1).to_vec()
}

/// Waits until every delivery of the subscription satisfies `done`.
async fn wait_deliveries(
    app: &TestApp,
    sub: &str,
    n: usize,
    done: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let all = deliveries(app, sub).await;
        if all.len() == n && all.iter().all(&done) {
            return all;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries never settled: {all:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn events_wait_for_a_receiver_that_is_down_and_arrive_once_signed() {
    let app = spawn_app().await;
    let mut receiver = Receiver::new();
    let (sub, secret) = subscribe(&app, &receiver.url(), &app.admin_key).await;
    for n in 0..3 {
        assert_eq!(
            app.send(Method::POST, "/api/v1/tickets", None, &pingyao_ticket(n))
                .await
                .0,
            201
        );
    }
    // Down: every delivery fails and is retried with backoff.
    let failing = wait_deliveries(&app, &sub, 6, |d| {
        d["failed_attempts"].as_i64().unwrap() >= 2
    })
    .await;
    for d in &failing {
        assert_eq!(d["state"], "pending");
        let error = d["attempts"][0]["error"].as_str().unwrap();
        assert!(error.starts_with("connection failed"), "{error}");
    }
    receiver.start();
    receiver.wait_for(6, 30).await;
    let done = wait_deliveries(&app, &sub, 6, |d| d["state"] == "delivered").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let accepted = receiver.accepted_by_id();
    assert_eq!(accepted.len(), 6);
    for (id, copies) in &accepted {
        assert_eq!(
            copies.len(),
            1,
            "event {id} accepted {} times",
            copies.len()
        );
        let r = &copies[0];
        assert!(r.signature_verifies(&secret), "signature of {id}");
        assert!((chrono::Utc::now().timestamp() - r.timestamp).abs() < 300);
        let body = r.json();
        assert_eq!(
            (body["id"].as_str(), body["type"].as_str()),
            (Some(id.as_str()), Some(r.event_type.as_str()))
        );
        assert!(body["ticket"]["tracking_number"].is_string());
        assert!(body.get("reporter").is_none() && body["ticket"].get("description").is_none());
        assert_eq!(
            body["ticket"]["subject"],
            Value::Null,
            "free text only on opt-in"
        );
    }
    let types: HashSet<_> = accepted.values().map(|c| c[0].event_type.clone()).collect();
    assert_eq!(
        types,
        HashSet::from(["ticket.created".into(), "ticket.assigned".into()])
    );
    let ids: HashSet<_> = done
        .iter()
        .map(|d| d["event_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, accepted.keys().cloned().collect());
    // A signature made with another secret does not verify.
    assert!(!accepted.values().next().unwrap()[0]
        .signature_verifies("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

#[tokio::test]
async fn exhausted_deliveries_are_dead_lettered_and_can_be_redelivered() {
    let app = spawn_app_configured(|c| c.webhooks.max_attempts = 2).await;
    let mut receiver = Receiver::new();
    receiver.status.store(503, Ordering::SeqCst);
    receiver.start();
    let (sub, secret) = subscribe(&app, &receiver.url(), &app.admin_key).await;
    app.send(Method::POST, "/api/v1/tickets", None, &pingyao_ticket(0))
        .await;
    let dead = wait_deliveries(&app, &sub, 2, |d| d["state"] == "dead").await;
    for d in &dead {
        let codes: Vec<_> = d["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["status_code"].clone())
            .collect();
        assert_eq!(codes, [json!(503), json!(503)]);
    }
    let (_, only_dead) = app
        .get_as(
            &format!("/api/v1/webhooks/{sub}/deliveries?state=dead"),
            &app.admin_key,
        )
        .await;
    assert_eq!(items(&only_dead).len(), 2);
    receiver.status.store(204, Ordering::SeqCst);
    for d in &dead {
        let path = format!(
            "/api/v1/webhooks/{sub}/deliveries/{}/redeliver",
            d["id"].as_str().unwrap()
        );
        let (status, queued) = app
            .send(Method::POST, &path, Some(&app.admin_key), &json!({}))
            .await;
        assert_eq!((status, queued["state"].as_str()), (202, Some("pending")));
    }
    wait_deliveries(&app, &sub, 2, |d| {
        d["state"] == "delivered" && d["attempts"].as_array().unwrap().len() == 3
    })
    .await;
    let accepted = receiver.accepted_by_id();
    assert_eq!(accepted.len(), 2);
    assert!(accepted
        .values()
        .all(|c| c.len() == 1 && c[0].signature_verifies(&secret)));
    // The log is kept 30 days: pruning as of a month from now forgets them.
    let later = (chrono::Utc::now() + chrono::Duration::days(31)).naive_utc();
    let pruned = ipr_service::db::deliveries::prune(&mut app.pool().get().unwrap(), later);
    assert_eq!(pruned.unwrap(), 2);
    assert!(deliveries(&app, &sub).await.is_empty());
}

#[tokio::test]
async fn subscriptions_are_checked_and_deleting_one_stops_it() {
    let app = spawn_app().await;
    let admin = Some(app.admin_key.as_str());
    let cases = [
        (
            json!({ "url": "ftp://example.cn/x", "event_types": ["ticket.closed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://example.cn/x", "event_types": [] }),
            422,
            "event_types",
        ),
        (
            json!({ "url": "https://example.cn/x", "event_types": ["ticket.eaten"] }),
            422,
            "event_types[0]",
        ),
        (
            json!({ "url": "https://example.cn/x", "event_types": ["ticket.closed"], "outlet_id": "nope" }),
            422,
            "outlet_id",
        ),
        (
            json!({ "url": "https://example.cn/x", "event_types": ["ticket.closed"], "secret": "hunter2" }),
            422,
            "secret",
        ),
    ];
    for (body, status, field) in cases {
        let (got, problem) = app
            .send(Method::POST, "/api/v1/webhooks", admin, &body)
            .await;
        assert_eq!(
            (got, problem["field"].as_str()),
            (status, Some(field)),
            "{body}: {problem}"
        );
    }
    let mut receiver = Receiver::new();
    receiver.start();
    let (sub, _) = subscribe(&app, &receiver.url(), &app.admin_key).await;
    let (_, listed) = app.get_as("/api/v1/webhooks", &app.admin_key).await;
    assert!(items(&listed).iter().all(|s| s.get("secret").is_none()));
    let (status, gone) = app
        .send(
            Method::DELETE,
            &format!("/api/v1/webhooks/{sub}"),
            admin,
            &json!({}),
        )
        .await;
    assert_eq!((status, gone["active"].as_bool()), (200, Some(false)));
    app.send(Method::POST, "/api/v1/tickets", None, &pingyao_ticket(9))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        receiver.got.lock().unwrap().is_empty(),
        "a deleted subscription still received"
    );
    assert!(deliveries(&app, &sub).await.is_empty());
}

#[tokio::test]
async fn webhooks_may_not_reach_internal_addresses_unless_allowed() {
    let app = crate::helpers::spawn_app_configured(|c| c.webhooks.allowed_networks.clear()).await;
    let body = |url: &str| serde_json::json!({ "url": url, "event_types": ["ticket.created"] });
    let path = "/api/v1/webhooks";
    for url in [
        "http://127.0.0.1:1/",
        "https://127.0.0.1:1/",
        "https://[::1]/",
        "https://2130706433/",
        "https://0.0.0.0/",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.5/hook",
        "http://cases.example.cn/hook",
    ] {
        let (status, problem) = app
            .send(Method::POST, path, Some(&app.admin_key), &body(url))
            .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (422, Some("url")),
            "{url}: {problem}"
        );
    }
    // A name is checked where it resolves, at every attempt: localhost is refused
    // then, and the admin sees a generic failure, not the internal service's answer.
    let local = body("https://localhost:1/hook");
    let (status, created) = app
        .send(Method::POST, path, Some(&app.admin_key), &local)
        .await;
    assert_eq!(status, 201, "{created}");
    let sub = created["subscription"]["id"].as_str().unwrap().to_owned();
    app.send(Method::POST, "/api/v1/tickets", None, &pingyao_ticket(0))
        .await;
    let failed = wait_deliveries(&app, &sub, 1, |d| {
        d["failed_attempts"].as_i64().unwrap() >= 1
    })
    .await;
    let error = failed[0]["attempts"][0]["error"].as_str().unwrap();
    assert_eq!(error, "target refused: not a permitted address");
}

#[tokio::test]
async fn only_receivers_that_opt_in_get_the_free_text_subject() {
    let app = spawn_app().await;
    let (mut plain, mut opted) = (Receiver::new(), Receiver::new());
    plain.start();
    opted.start();
    let (_, plain_secret) = subscribe(&app, &plain.url(), &app.admin_key).await;
    let body =
        json!({ "url": opted.url(), "event_types": ["ticket.created"], "include_subject": true });
    let (status, sub) = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(
        (status, &sub["subscription"]["include_subject"]),
        (201, &json!(true))
    );
    let ticket = pingyao_ticket(0);
    app.send(Method::POST, "/api/v1/tickets", None, &ticket)
        .await;
    plain.wait_for(2, 30).await;
    opted.wait_for(1, 30).await;
    let got = opted.got.lock().unwrap()[0].json();
    assert_eq!(got["ticket"]["subject"], ticket["subject"]);
    for r in plain.got.lock().unwrap().iter() {
        assert_eq!(r.json()["ticket"]["subject"], Value::Null);
        assert!(r.signature_verifies(&plain_secret), "signed as sent");
    }
}
