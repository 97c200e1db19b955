//! Nothing acknowledged is lost: the real binary is killed with SIGKILL in the
//! middle of concurrent intake, restarted on the same database, and every
//! tracking number it acknowledged must be there.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ipr_service::config::DatabaseUrl;
use serde_json::json;

use crate::helpers::test_database;

/// The server process; killed when dropped, so a failing test leaves nothing running.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the real binary on the database and port, with extra environment.
pub async fn start(database_url: &str, port: u16, env: &[(&str, &str)]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_ipr-service"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("IPR_DATABASE_URL", database_url)
        .env("IPR_BIND", format!("127.0.0.1:{port}"))
        .env("IPR_INTAKE_PER_IP_PER_MINUTE", "1000000")
        .env("IPR_INTAKE_PER_PHONE_PER_HOUR", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while reqwest::get(format!("http://127.0.0.1:{port}/health"))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server
}

/// The URL as the binary takes it.
pub fn url_string(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

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
