//! The outbox survives a crash: events queued while the receiver is down are
//! delivered, once each, by the restarted server after a SIGKILL.

use std::time::{Duration, Instant};

use ipr_service::db;
use ipr_service::domain::vocab::Role;
use ipr_service::keys::{generate_key, KeySpec};
use serde_json::{json, Value};

use crate::helpers::fixtures::pingyao_ticket;
use crate::helpers::process::{free_port, start, url_string};
use crate::helpers::receiver::Receiver;
use crate::helpers::test_database;

/// Quick retries, and a short timeout so that a delivery leased by the killed
/// server (lease: 2 × timeout + 10 s) is due again well within the wait below.
const FAST_RETRIES: [(&str, &str); 3] = [
    ("IPR_WEBHOOK_RETRY_BASE_MS", "100"),
    ("IPR_WEBHOOK_POLL_MS", "50"),
    ("IPR_WEBHOOK_TIMEOUT_SECS", "2"),
];

async fn failed_attempts(client: &reqwest::Client, base: &str, key: &str, sub: &str) -> Vec<i64> {
    let page: Value = client
        .get(format!("{base}/api/v1/webhooks/{sub}/deliveries"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["failed_attempts"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_events_are_delivered_once_after_a_crash_and_restart() {
    let (database_url, _db) = test_database();
    let url = url_string(&database_url);
    let port = free_port();
    let mut server = start(&url, port, &FAST_RETRIES).await;
    let admin = generate_key(KeySpec::new(Role::Admin, None, None));
    db::api_keys::insert(
        &mut db::connect_pool(&database_url, 1).unwrap().get().unwrap(),
        &admin.row,
    )
    .unwrap();
    let (client, base) = (reqwest::Client::new(), format!("http://127.0.0.1:{port}"));

    let mut receiver = Receiver::new();
    let body =
        json!({ "url": receiver.url(), "event_types": ["ticket.created", "ticket.assigned"] });
    let created: Value = client
        .post(format!("{base}/api/v1/webhooks"))
        .bearer_auth(&admin.secret)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (sub, secret) = (
        created["subscription"]["id"].as_str().unwrap(),
        created["secret"].as_str().unwrap(),
    );
    for n in 0..4 {
        let res = client
            .post(format!("{base}/api/v1/tickets"))
            .json(&pingyao_ticket(n))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let failed = failed_attempts(&client, &base, &admin.secret, sub).await;
        if failed.len() == 8 && failed.iter().all(|&f| f >= 1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries were not attempted: {failed:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.0.kill().expect("SIGKILL");
    server.0.wait().unwrap();

    receiver.start();
    let port = free_port();
    let _restarted = start(&url, port, &FAST_RETRIES).await;
    receiver.wait_for(8, 40).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let accepted = receiver.accepted_by_id();
    assert_eq!(accepted.len(), 8);
    for (id, copies) in accepted {
        assert_eq!(
            copies.len(),
            1,
            "event {id} accepted {} times",
            copies.len()
        );
        assert!(copies[0].signature_verifies(secret));
    }
}
