//! Nothing acknowledged is lost: the real binary is killed with SIGKILL in the
//! middle of concurrent intake, restarted on the same database, and every
//! tracking number it acknowledged must be there.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::process::{free_port, start, url_string};
use crate::helpers::test_database;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_sigkill() {
    let (url, _db) = test_database();
    let url = url_string(&url);
    let port = free_port();
    let mut server = start(&url, port, &[]).await;
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let mut load = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let acknowledged = acknowledged.clone();
        load.spawn(async move {
            let client = reqwest::Client::new();
            for n in 0.. {
                let body = json!({
                    "kind": "enquiry", "category": "policy", "subject": format!("压力测试 {worker}-{n}"),
                    "description": "崩溃测试工单", "region_code": "140728", "reporter": { "anonymous": true }
                });
                let Ok(res) = client.post(format!("http://127.0.0.1:{port}/api/v1/tickets")).json(&body).send().await else { break };
                if res.status() != 201 {
                    continue;
                }
                let Ok(receipt) = res.json::<serde_json::Value>().await else { break };
                let pair = (receipt["tracking_number"].as_str().unwrap().to_owned(), receipt["status_token"].as_str().unwrap().to_owned());
                acknowledged.lock().unwrap().push(pair);
            }
        });
    }
    // Kill mid-load, once a good number of tickets were acknowledged.
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 60 {
        assert!(Instant::now() < deadline, "intake too slow");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.0.kill().expect("SIGKILL");
    server.0.wait().unwrap();
    while load.join_next().await.is_some() {}
    let acknowledged = acknowledged.lock().unwrap().clone();

    let port = free_port();
    let _restarted = start(&url, port, &[]).await;
    let client = reqwest::Client::new();
    for (tracking, token) in &acknowledged {
        let res = client
            .get(format!(
                "http://127.0.0.1:{port}/api/v1/tickets/status?tracking={tracking}&token={token}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "acknowledged {tracking} was lost");
    }
    assert!(
        acknowledged.len() >= 60,
        "{} acknowledged",
        acknowledged.len()
    );
}
