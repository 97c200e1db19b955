//! Personal data, safe retries and abuse limits.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, spawn_app_with};
use ipr_service::config::GuardConfig;
use ipr_service::domain::vocab::Role;

fn public_ticket(phone: &str) -> Value {
    json!({
        "kind": "complaint", "category": "patent", "subject": "网店销售假冒专利产品",
        "description": "某网店宣称拥有专利，但专利号无效。",
        "location": { "lng": 112.18, "lat": 37.19 },
        "reporter": { "name": "王五", "phone": phone, "email": "wangwu@example.cn" }
    })
}

#[tokio::test]
async fn personal_data_is_masked_without_need_and_logged_when_shown() {
    let app = spawn_app().await;
    let (_, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            None,
            &public_ticket("13812341234"),
        )
        .await;
    let tracking = receipt["tracking_number"].as_str().unwrap();
    let (_, queue) = app
        .get_as(&format!("/api/v1/tickets?q={tracking}"), &app.operator_key)
        .await;
    let ticket = &items(&queue)[0];
    let id = ticket["id"].as_str().unwrap().to_owned();
    assert_eq!(
        ticket["reporter"]["phone"], "13812341234",
        "operators need it"
    );
    let assigned = app.key(
        Role::OutletStaff,
        Some(ticket["outlet_id"].as_str().unwrap()),
    );
    let parent = app.key(
        Role::OutletStaff,
        Some(&app.outlet_id("晋中市知识产权公共服务中心").await),
    );
    let path = format!("/api/v1/tickets/{id}");
    assert_eq!(
        app.get_as(&path, &assigned).await.1["reporter"]["phone"],
        "13812341234",
        "the assigned outlet needs it"
    );
    let seen_by_parent = app.get_as(&path, &parent).await.1;
    assert_eq!(
        seen_by_parent["reporter"],
        json!({ "name": "王*", "phone": "138****1234", "email": "w*****@example.cn", "organisation": null, "anonymous": false })
    );
    assert_eq!(
        app.get_as(&path, &app.admin_key).await.1["reporter"]["phone"],
        "138****1234"
    );

    let auditor = app.key(Role::Auditor, None);
    let (status, log) = app
        .get_as(&format!("/api/v1/audit/pii-access?ticket={id}"), &auditor)
        .await;
    assert_eq!(status, 200);
    let mut views: Vec<(String, String)> = items(&log)
        .iter()
        .map(|e| {
            (
                e["role"].as_str().unwrap().into(),
                e["purpose"].as_str().unwrap().into(),
            )
        })
        .collect();
    views.sort();
    assert_eq!(
        views,
        [
            ("operator".into(), "queue".into()),
            ("outlet_staff".into(), "view".into())
        ],
        "masked views are not logged"
    );
    assert!(
        !log.to_string().contains("1381234"),
        "the log names tickets, not people"
    );
    assert_eq!(
        app.get_as("/api/v1/audit/pii-access", &app.operator_key)
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn twenty_parallel_retries_with_one_key_create_one_ticket() {
    let app = spawn_app().await;
    let body = public_ticket("13900001111");
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url, body) = (
            app.client.clone(),
            format!("{}/api/v1/tickets", app.address),
            body.clone(),
        );
        tasks.spawn(async move {
            let res = client
                .post(url)
                .header("Idempotency-Key", "app-retry-7f3a")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        });
    }
    let mut receipts = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (status, receipt) = done.unwrap();
        assert_eq!(status, 201, "{receipt}");
        receipts.push((
            receipt["tracking_number"].as_str().unwrap().to_owned(),
            receipt["status_token"].as_str().unwrap().to_owned(),
        ));
    }
    receipts.dedup();
    assert_eq!(
        receipts.len(),
        1,
        "every retry got the first response: {receipts:?}"
    );
    let (_, queue) = app
        .get_as(
            "/api/v1/tickets?q=%E7%BD%91%E5%BA%97&limit=100",
            &app.operator_key,
        )
        .await; // q=网店
    assert_eq!(items(&queue).len(), 1, "exactly one ticket was created");
    let mut other = body.clone();
    other["subject"] = json!("另一件事");
    let res = app
        .client
        .post(format!("{}/api/v1/tickets", app.address))
        .header("Idempotency-Key", "app-retry-7f3a")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn public_intake_is_rate_limited_and_responses_are_hardened() {
    let guard = GuardConfig {
        intake_per_ip_per_minute: 3,
        intake_per_phone_per_hour: 2,
        cors_origins: vec!["https://app.example.cn".into()],
        ..Default::default()
    };
    let app = spawn_app_with(guard).await;
    let same_phone = public_ticket("13700000001");
    let post = || app.send(Method::POST, "/api/v1/tickets", None, &same_phone);
    assert_eq!(post().await.0, 201);
    assert_eq!(post().await.0, 201);
    let (status, problem) = post().await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (429, Some("reporter.phone")),
        "{problem}"
    );
    let res = app
        .client
        .post(format!("{}/api/v1/tickets", app.address))
        .json(&public_ticket("13700000002"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429, "the client's fourth in a minute");
    assert!(
        res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(
        app.send(
            Method::POST,
            "/api/v1/tickets",
            Some(&app.operator_key),
            &public_ticket("13700000001")
        )
        .await
        .0,
        201,
        "operators are not limited"
    );

    let res = app
        .client
        .get(format!("{}/api/v1/regions/140728", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let preflight = app
        .client
        .request(Method::OPTIONS, format!("{}/api/v1/tickets", app.address))
        .header("Origin", "https://app.example.cn")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "idempotency-key, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "https://app.example.cn"
    );
    let foreign = app
        .client
        .get(format!("{}/api/v1/regions/140728", app.address))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(foreign
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let oversized = "x".repeat(300 * 1024);
    let res = app
        .client
        .post(format!("{}/api/v1/tickets", app.address))
        .header("content-type", "application/json")
        .body(oversized)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn forged_forwarded_addresses_and_phone_spellings_share_one_limit() {
    let guard = GuardConfig {
        intake_per_ip_per_minute: 2,
        intake_per_phone_per_hour: 1,
        trusted_proxies: vec!["127.0.0.1/32".into()],
        ..Default::default()
    };
    let app = spawn_app_with(guard).await;
    // Behind the trusted proxy (the test client, 127.0.0.1), each request
    // forges a different leftmost address; the proxy appended the real one.
    let mut statuses = Vec::new();
    for n in 0..5 {
        let res = app
            .client
            .post(format!("{}/api/v1/tickets", app.address))
            .header("X-Forwarded-For", format!("198.51.100.{n}, 203.0.113.9"))
            .json(&public_ticket(&format!("1370000001{n}")))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429, 429, 429], "one client, one limit");
    // Another client behind the same proxy has its own limit.
    let res = app
        .client
        .post(format!("{}/api/v1/tickets", app.address))
        .header("X-Forwarded-For", "203.0.113.10")
        .json(&public_ticket("13600000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // The same phone spelt otherwise is the same phone.
    for (n, spelling) in ["+8613600000000", "0086 136 0000 0000"].iter().enumerate() {
        let res = app
            .client
            .post(format!("{}/api/v1/tickets", app.address))
            .header("X-Forwarded-For", format!("203.0.113.{}", 20 + n))
            .json(&public_ticket(spelling))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "{spelling}");
    }
}

#[tokio::test]
async fn a_guessed_idempotency_key_does_not_replay_another_citizens_receipt() {
    let guard = GuardConfig {
        intake_per_ip_per_minute: 100,
        intake_per_phone_per_hour: 100,
        trusted_proxies: vec!["127.0.0.1/32".into()],
        ..Default::default()
    };
    let app = spawn_app_with(guard).await;
    let mut tracking = Vec::new();
    for client in ["203.0.113.1", "203.0.113.2", "203.0.113.1"] {
        let res = app
            .client
            .post(format!("{}/api/v1/tickets", app.address))
            .header("X-Forwarded-For", client)
            .header("Idempotency-Key", "order-1")
            .json(&public_ticket("13700000009"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let receipt: Value = res.json().await.unwrap();
        tracking.push(receipt["tracking_number"].as_str().unwrap().to_owned());
    }
    assert_ne!(tracking[0], tracking[1], "another client's key is its own");
    assert_eq!(
        tracking[0], tracking[2],
        "the same client's retry is replayed"
    );
}

/// Sends a request head announcing 100 body bytes, one byte of body, then
/// nothing; returns the answer's status line and how long it took.
async fn trickle(address: &str, head: &str) -> (String, std::time::Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    let request = format!("{head}\r\nHost: test\r\nContent-Length: 100\r\n\r\n{{");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered before the client gave up")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]).to_string();
    (
        text.lines().next().unwrap_or_default().to_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_trickled_body_is_cut_off_with_a_408() {
    let app = crate::helpers::spawn_app_configured(|c| c.guard.body_read_timeout_secs = 1).await;
    let json = "POST /api/v1/tickets HTTP/1.1\r\nContent-Type: application/json";
    let (status, took) = trickle(&app.address, json).await;
    assert!(status.contains(" 408 "), "{status}");
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    let form = "POST /open311/v2/requests.json HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded";
    let (status, _) = trickle(&app.address, form).await;
    assert!(status.contains(" 408 "), "{status}");
}

#[tokio::test]
async fn json_logs_carry_the_request_id_and_route_never_the_query() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let port = crate::helpers::process::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_ipr-service"))
        .arg("serve")
        .env(
            "IPR_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("log.db").display()),
        )
        .env("IPR_BIND", format!("127.0.0.1:{port}"))
        .env("IPR_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env_remove("IPR_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = crate::helpers::process::Server(child);
    let base = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    while !reqwest::get(format!("{base}/ready"))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            started.elapsed().as_secs() < 60,
            "the server did not come up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{base}/api/v1/outlets?q=13812341234"))
        .header("X-Request-Id", "req-7f3a")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "req-7f3a", "echoed");
    let fresh = client.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(
        fresh.headers()["x-request-id"].len(),
        36,
        "a new id when none is sent"
    );
    let _ = server.0.kill();
    let mut log = String::new();
    server
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let line = (log.lines())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["request_id"] == "req-7f3a")
        .unwrap_or_else(|| panic!("no JSON line for the request: {log}"));
    assert_eq!(
        (line["route"].as_str(), line["path"].as_str()),
        (Some("/api/v1/outlets"), Some("/api/v1/outlets"))
    );
    assert_eq!(line["status"], 200);
    assert!(!log.contains("13812341234"), "no query strings in the log");
}
