//! Separation of duties and the admin audit trail (security review #15):
//! admins act, auditors read what they did; keys record their makers; only a
//! key's holder sees its new secret; secrets and receipts are sealed at rest.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, TestApp};
use ipr_service::db::schema::{api_keys, idempotency_keys, webhook_subscriptions};
use ipr_service::domain::vocab::Role;
use ipr_service::keys::hash_key;

fn key_id(app: &TestApp, secret: &str) -> String {
    api_keys::table
        .filter(api_keys::key_hash.eq(hash_key(secret)))
        .select(api_keys::id)
        .first(&mut *app.pool().get().unwrap())
        .unwrap()
}

async fn audit(app: &TestApp, auditor: &str, query: &str) -> Vec<Value> {
    let (status, body) = app
        .get_as(&format!("/api/v1/audit/events?{query}"), auditor)
        .await;
    assert_eq!(status, 200, "{body}");
    items(&body).clone()
}

#[tokio::test]
async fn an_admin_made_operator_key_is_in_the_auditors_trail_with_its_maker() {
    let app = spawn_app().await;
    let auditor = app.key(Role::Auditor, None);
    let admin_id = key_id(&app, &app.admin_key);
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/keys",
            Some(&app.admin_key),
            &json!({ "role": "operator", "label": "话务员 张三" }),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["key"]["created_by"], admin_id.as_str());
    assert_eq!(made["key"]["reads_personal_data"], true);
    let new_id = made["key"]["id"].as_str().unwrap();
    let entries = audit(&app, &auditor, "action=key.create").await;
    let entry = entries
        .iter()
        .find(|e| e["resource_id"] == new_id)
        .expect("recorded");
    assert_eq!(entry["key_id"], admin_id.as_str());
    assert_eq!(entry["role"], "admin");
    assert_eq!(entry["client"], "127.0.0.1");
    assert_eq!(entry["after"]["role"], "operator");
    assert_eq!(entry["after"]["reads_personal_data"], true);
    assert!(entry["after"].get("secret").is_none() && !entry.to_string().contains("ipr_"));
    // The audited do not read the trail.
    for key in [&app.admin_key, &app.operator_key] {
        assert_eq!(app.get_as("/api/v1/audit/events", key).await.0, 403);
        assert_eq!(app.get_as("/api/v1/audit/pii-access", key).await.0, 403);
    }
}

#[tokio::test]
async fn admins_cannot_make_or_unmake_auditors_nor_rotate_anothers_key() {
    let app = spawn_app().await;
    let auditor = app.key(Role::Auditor, None);
    for role in ["auditor", "admin"] {
        let (status, body) = app
            .send(
                Method::POST,
                "/api/v1/keys",
                Some(&app.admin_key),
                &json!({ "role": role }),
            )
            .await;
        assert_eq!(status, 403, "{role}: {body}");
        assert!(body["detail"]
            .as_str()
            .unwrap()
            .contains("ipr-service keys create"));
    }
    let auditor_id = key_id(&app, &auditor);
    let revoke = format!("/api/v1/keys/{auditor_id}");
    assert_eq!(
        app.send(Method::DELETE, &revoke, Some(&app.admin_key), &json!({}))
            .await
            .0,
        403
    );
    let operator_id = key_id(&app, &app.operator_key);
    let rotate = format!("/api/v1/keys/{operator_id}/rotate");
    let (status, body) = app
        .send(Method::POST, &rotate, Some(&app.admin_key), &json!({}))
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.get("secret").is_none());
    assert_eq!(
        app.get_as("/api/v1/tickets", &app.operator_key).await.0,
        200,
        "still valid"
    );
    // The holder rotates their own key and alone sees the new secret.
    let (status, new) = app
        .send(
            Method::POST,
            "/api/v1/keys/me/rotate",
            Some(&app.operator_key),
            &json!({}),
        )
        .await;
    assert_eq!(status, 201, "{new}");
    assert_eq!(new["key"]["created_by"], operator_id.as_str());
    assert_eq!(
        app.get_as("/api/v1/tickets", &app.operator_key).await.0,
        401
    );
    assert_eq!(
        app.get_as("/api/v1/tickets", new["secret"].as_str().unwrap())
            .await
            .0,
        200
    );
    let rotated = audit(&app, &auditor, &format!("key={operator_id}")).await;
    assert_eq!(rotated[0]["action"], "key.rotate");
}

#[tokio::test]
async fn expired_keys_and_failed_authentications_are_refused_and_recorded() {
    let app = spawn_app().await;
    let auditor = app.key(Role::Auditor, None);
    let (status, body) = app
        .send(
            Method::POST,
            "/api/v1/keys",
            Some(&app.admin_key),
            &json!({ "role": "operator", "expires_at": "2020-01-01T00:00:00+08:00" }),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("expires_at")));
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/keys",
            Some(&app.admin_key),
            &json!({ "role": "operator", "expires_at": "2099-01-01T00:00:00+08:00" }),
        )
        .await;
    assert_eq!(status, 201);
    let secret = made["secret"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/tickets", secret).await.0, 200);
    diesel::update(api_keys::table.filter(api_keys::key_hash.eq(hash_key(secret))))
        .set(api_keys::expires_at.eq(Some(chrono::Utc::now().naive_utc())))
        .execute(&mut *app.pool().get().unwrap())
        .unwrap();
    assert_eq!(
        app.get_as("/api/v1/tickets", secret).await.0,
        401,
        "expired"
    );
    assert_eq!(app.get_as("/api/v1/tickets", "ipr_forged").await.0, 401);
    let failures = audit(&app, &auditor, "action=auth.fail").await;
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0]["client"], "127.0.0.1");
    assert_eq!(failures[0]["resource_id"], "/api/v1/tickets");
}

#[tokio::test]
async fn every_admin_write_is_recorded_with_before_and_after_and_pages() {
    let app = spawn_app().await;
    let auditor = app.key(Role::Auditor, None);
    let (status, _) = app
        .send(Method::PUT, "/api/v1/calendar/2027", Some(&app.admin_key), &json!({
            "source": "国办发明电〔2026〕X号",
            "days": [{ "date": "2027-01-01", "kind": "holiday", "name_zh": "元旦", "name_en": "New Year's Day" }]
        }))
        .await;
    assert_eq!(status, 200);
    let rules = app.get("/api/v1/hotline/rules").await.1;
    assert_eq!(
        app.send(
            Method::PUT,
            "/api/v1/hotline/rules",
            Some(&app.admin_key),
            &rules
        )
        .await
        .0,
        200
    );
    let entries = audit(&app, &auditor, "resource=calendar").await;
    assert_eq!(entries[0]["action"], "calendar.replace");
    assert_eq!(entries[0]["resource_id"], "2027");
    assert_eq!(entries[0]["after"][0]["date"], "2027-01-01");
    let first = audit(&app, &auditor, "limit=1").await;
    assert_eq!(first[0]["action"], "hotline_rules.replace", "newest first");
    let (_, page) = app.get_as("/api/v1/audit/events?limit=1", &auditor).await;
    let cursor = page["next_cursor"].as_str().expect("a second page");
    let (_, next) = app
        .get_as(
            &format!("/api/v1/audit/events?limit=1&cursor={cursor}"),
            &auditor,
        )
        .await;
    assert_eq!(items(&next)[0]["action"], "calendar.replace");
    let later = audit(&app, &auditor, "from=2099-01-01T00:00:00%2B08:00").await;
    assert!(later.is_empty());
}

#[tokio::test]
async fn webhook_secrets_and_idempotent_receipts_are_sealed_at_rest() {
    let app = spawn_app().await;
    let (status, sub) = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin_key),
            &json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["ticket.created"] }),
        )
        .await;
    assert_eq!(status, 201, "{sub}");
    let stored: String = webhook_subscriptions::table
        .select(webhook_subscriptions::secret)
        .first(&mut *app.pool().get().unwrap())
        .unwrap();
    assert!(stored.starts_with("sealed:v1:"), "{stored}");
    assert!(!stored.contains(sub["secret"].as_str().unwrap()));
    let ticket = json!({ "kind": "enquiry", "category": "trademark", "subject": "商标注册流程",
        "description": "请问如何办理商标注册？", "reporter": { "name": "李四", "phone": "13900000001" } });
    let send = || {
        app.client
            .post(format!("{}/api/v1/tickets", app.address))
            .header("Idempotency-Key", "retry-7f3a")
            .json(&ticket)
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let again: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first, again, "a retry replays the receipt");
    let token = first["status_token"].as_str().unwrap();
    let (key, body): (String, Option<String>) = idempotency_keys::table
        .select((idempotency_keys::key, idempotency_keys::body))
        .first(&mut *app.pool().get().unwrap())
        .unwrap();
    assert_ne!(key, "retry-7f3a");
    assert!(!body.unwrap().contains(token));
}

#[tokio::test]
async fn closed_tickets_past_retention_lose_personal_data_but_stay_counted() {
    use ipr_service::db::schema::tickets;
    let app = spawn_app().await;
    let auditor = app.key(Role::Auditor, None);
    let ticket = json!({ "kind": "complaint", "category": "patent", "subject": "张三 13900000002 投诉",
        "description": "联系我：13900000002", "location": { "lng": 112.74, "lat": 37.69 },
        "reporter": { "name": "张三", "phone": "13900000002" } });
    let (_, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &ticket)
        .await;
    let id = app
        .ticket_id(receipt["tracking_number"].as_str().unwrap())
        .await;
    let recent = app
        .send(Method::POST, "/api/v1/tickets", None, &ticket)
        .await
        .1;
    let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::days(400);
    diesel::update(tickets::table.find(&id))
        .set((
            tickets::state.eq("closed"),
            tickets::updated_at.eq(long_ago),
        ))
        .execute(&mut *app.pool().get().unwrap())
        .unwrap();
    let now = chrono::Utc::now();
    let who = ipr_service::domain::audit::Who::server();
    let mut conn = app.pool().get().unwrap();
    let erased = ipr_service::jobs::retention::erase_reporters(&mut conn, 365, now, &who).unwrap();
    assert_eq!(erased, 1);
    let (_, seen) = app
        .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
        .await;
    assert_eq!(seen["reporter"]["phone"], Value::Null, "{seen}");
    assert_eq!(seen["reporter"]["name"], Value::Null);
    assert!(!seen.to_string().contains("13900000002"), "{seen}");
    assert_eq!(
        (seen["kind"].as_str(), seen["category"].as_str()),
        (Some("complaint"), Some("patent"))
    );
    let other = app
        .ticket_id(recent["tracking_number"].as_str().unwrap())
        .await;
    let (_, kept) = app
        .get_as(&format!("/api/v1/tickets/{other}"), &app.operator_key)
        .await;
    assert_eq!(
        kept["reporter"]["phone"], "13900000002",
        "open tickets keep theirs"
    );
    assert_eq!(
        ipr_service::jobs::retention::erase_reporters(&mut conn, 365, now, &who).unwrap(),
        0
    );
    let entries = audit(&app, &auditor, "action=reporter.erase").await;
    assert_eq!(entries[0]["after"]["tickets"], 1);
}

/// Audit and access-log entries past their retention are forgotten a batch
/// at a time (each a short write), oldest first, and newer ones are kept.
#[tokio::test]
async fn entries_past_the_audit_retention_are_forgotten_a_batch_at_a_time() {
    use ipr_service::db::schema::{admin_audit, pii_access_answers};
    let app = spawn_app().await;
    for code in ["set-a", "set-b", "set-c"] {
        let set = json!({ "name": "测试区域", "regions": ["140728"] });
        let path = format!("/api/v1/programmes/region-sets/{code}");
        let (status, _) = app
            .send(Method::PUT, &path, Some(&app.admin_key), &set)
            .await;
        assert_eq!(status, 200);
    }
    let mut ticket = crate::helpers::fixtures::pingyao_ticket(1);
    ticket["reporter"] = json!({ "name": "王五", "phone": "13900000003" });
    let (status, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &ticket)
        .await;
    assert_eq!(status, 201, "{receipt}");
    let id = app
        .ticket_id(receipt["tracking_number"].as_str().unwrap())
        .await;
    let view = format!("/api/v1/tickets/{id}");
    for _ in 0..3 {
        app.get_as(&view, &app.operator_key).await;
    }
    let mut conn = app.pool().get().unwrap();
    let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::days(400);
    let old_audit = diesel::update(admin_audit::table)
        .set(admin_audit::at.eq(long_ago))
        .execute(&mut *conn)
        .unwrap();
    let old_access = diesel::update(pii_access_answers::table)
        .set(pii_access_answers::at.eq(long_ago))
        .execute(&mut *conn)
        .unwrap();
    assert!(
        old_audit >= 3 && old_access >= 3,
        "{old_audit} {old_access}"
    );
    app.get_as(&view, &app.operator_key).await;
    let config = ipr_service::config::RetentionConfig::default();
    let (mut forgotten, now) = (Vec::new(), chrono::Utc::now());
    loop {
        match ipr_service::jobs::retention::prune_audit(&mut conn, &config, now, 2).unwrap() {
            0 => break,
            n => forgotten.push(n),
        }
    }
    assert!(forgotten.iter().all(|n| *n <= 4), "{forgotten:?}");
    assert_eq!(forgotten.iter().sum::<usize>(), old_audit + old_access);
    let kept: i64 = pii_access_answers::table
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(kept, 1, "the newer access entry is kept");
}
