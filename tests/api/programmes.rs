//! Service commissioners and special envoys: the visit rules, scoping of
//! their keys, privacy of their contacts, and tickets from their targets.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, TestApp};
use ipr_service::domain::programmes::credit_code::with_check_character;
use ipr_service::domain::vocab::Role;

/// Adds an approved, active person; returns the id.
async fn person(app: &TestApp, role: &str, name: &str) -> String {
    let body = json!({
        "role": role, "name": name, "employer": "晋中市知识产权公共服务中心",
        "phone": "13935400001", "ip_degree": false, "ip_work_years": 6,
        "review_status": "approved", "training_status": "trained", "pool_status": "active",
        "submitted_by_region": "140700"
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/programmes/people",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    made["id"].as_str().unwrap().to_owned()
}

/// Registers a local firm in Yuci with a fresh credit code; returns (id, code).
async fn target(app: &TestApp, n: u32, name: &str) -> (String, String) {
    let code = with_check_character(&format!("91140702MA0K{n:05}")).unwrap();
    let body = json!({
        "name": name, "credit_code": code, "target_type": "tech_firm", "level": "local",
        "region_code": "140702", "recruited_by_region": "140700"
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/programmes/targets",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    (made["id"].as_str().unwrap().to_owned(), code)
}

async fn assign(app: &TestApp, person: &str, to: Value) -> String {
    let mut body = json!({ "person_id": person, "cycle_start": "2026-01-01" });
    body.as_object_mut()
        .unwrap()
        .extend(to.as_object().unwrap().clone());
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/programmes/assignments",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["cycle_end"], "2027-12-31", "two-year cycle by default");
    made["id"].as_str().unwrap().to_owned()
}

fn visit(to: Value, mode: &str, on: &str) -> Value {
    let mut body = json!({ "mode": mode, "visited_on": on, "duration_minutes": 90, "tasks": ["policy_briefing", "business_guidance"] });
    body.as_object_mut()
        .unwrap()
        .extend(to.as_object().unwrap().clone());
    body
}

fn gap_targets(report: &Value) -> Vec<String> {
    items(report)
        .iter()
        .map(|i| i["target_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_target_with_only_a_remote_visit_is_reported_until_an_on_site_one() {
    let app = spawn_app().await;
    let c = person(&app, "commissioner", "王晓明").await;
    let key = app.person_key(Role::Commissioner, &c);
    let mut targets = Vec::new();
    for (n, name) in [
        (1, "晋中甲科技有限公司"),
        (2, "晋中乙科技有限公司"),
        (3, "晋中丙科技有限公司"),
    ] {
        let (id, _) = target(&app, n, name).await;
        assign(&app, &c, json!({ "target_id": id })).await;
        targets.push(id);
    }
    for (t, mode) in [
        (&targets[0], "on_site"),
        (&targets[1], "on_site"),
        (&targets[2], "remote"),
    ] {
        let (status, v) = app
            .send(
                Method::POST,
                "/api/v1/programmes/visits",
                Some(&key),
                &visit(json!({ "target_id": t }), mode, "2026-06-10"),
            )
            .await;
        assert_eq!(status, 201, "{v}");
    }
    let path = "/api/v1/programmes/commissioners/compliance?year=2026";
    let (_, report) = app.get_as(path, &app.operator_key).await;
    assert_eq!(gap_targets(&report), [targets[2].clone()]);
    let gap = &items(&report)[0];
    assert_eq!(gap["commissioners"][0]["id"], c.as_str());
    assert_eq!(
        (gap["remote_visits"].as_u64(), gap["days_left"].as_i64()),
        (Some(1), Some(41)),
        "{gap}"
    );
    let csv = app
        .client
        .get(format!("{}{path}&format=csv", app.address))
        .bearer_auth(&app.operator_key)
        .send()
        .await
        .unwrap();
    let text = csv.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "header and one row: {text}");
    assert!(text.contains(&targets[2]) && text.contains("王晓明"));

    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/programmes/visits",
            Some(&key),
            &visit(json!({ "target_id": targets[2] }), "on_site", "2026-11-19"),
        )
        .await;
    assert_eq!(status, 201);
    let (_, report) = app.get_as(path, &app.operator_key).await;
    assert!(items(&report).is_empty(), "{report}");
}

#[tokio::test]
async fn an_envoy_misses_the_quarters_without_a_visit_once_they_end() {
    let app = spawn_app().await;
    let e = person(&app, "envoy", "李特派").await;
    assign(&app, &e, json!({ "region_code": "140729" })).await;
    let key = app.person_key(Role::Envoy, &e);
    for on in ["2026-02-15", "2026-08-15"] {
        let (status, v) = app
            .send(
                Method::POST,
                "/api/v1/programmes/visits",
                Some(&key),
                &visit(json!({ "region_code": "140729" }), "on_site", on),
            )
            .await;
        assert_eq!(status, 201, "{v}");
    }
    let (_, now) = app
        .get_as(
            "/api/v1/programmes/envoys/compliance?year=2026",
            &app.admin_key,
        )
        .await;
    let row = &items(&now)[0];
    assert_eq!(row["envoy"]["id"], e.as_str());
    assert_eq!(row["missing_quarters"], json!(["2026Q2"]));
    assert_eq!(
        row["current_quarter"]["quarter"], "2026Q4",
        "Q4 runs: due, not missing"
    );
    let csv = app
        .client
        .get(format!(
            "{}/api/v1/programmes/envoys/compliance?year=2026&format=csv",
            app.address
        ))
        .bearer_auth(&app.admin_key)
        .send()
        .await
        .unwrap();
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "header and one row: {text}");
    assert!(
        lines[0].starts_with("envoy_id,envoy_name,region_code"),
        "{text}"
    );
    assert!(
        lines[1].starts_with(e.as_str()) && lines[1].contains(",2026Q2,2026Q4,"),
        "{text}"
    );

    app.set_time("2027-01-05T10:00:00+08:00");
    let (_, later) = app
        .get_as(
            "/api/v1/programmes/envoys/compliance?year=2026",
            &app.admin_key,
        )
        .await;
    assert_eq!(
        items(&later)[0]["missing_quarters"],
        json!(["2026Q2", "2026Q4"])
    );
    assert!(items(&later)[0]["current_quarter"].is_null());

    // One envoy, one region: a second envoy for the same county is refused.
    let other = person(&app, "envoy", "赵特派").await;
    let body = json!({ "person_id": other, "region_code": "140729", "cycle_start": "2026-06-01" });
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/programmes/assignments",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_commissioner_key_is_held_to_its_own_assignments_and_archive() {
    let app = spawn_app().await;
    let mine = person(&app, "commissioner", "王晓明").await;
    let theirs = person(&app, "commissioner", "周其他").await;
    let (assigned, _) = target(&app, 11, "晋中丁科技有限公司").await;
    let (elsewhere, _) = target(&app, 12, "晋中戊科技有限公司").await;
    assign(&app, &mine, json!({ "target_id": assigned })).await;
    assign(&app, &theirs, json!({ "target_id": elsewhere })).await;
    let key = app.person_key(Role::Commissioner, &mine);

    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/programmes/visits",
            Some(&key),
            &visit(json!({ "target_id": elsewhere }), "on_site", "2026-06-10"),
        )
        .await;
    assert_eq!(status, 403, "a target outside its assignments");
    let mut own = visit(json!({ "target_id": assigned }), "on_site", "2026-06-10");
    own["follow_ups"] =
        json!([{ "description": "协助办理专利权质押登记", "due_on": "2026-07-10" }]);
    let (status, logged) = app
        .send(Method::POST, "/api/v1/programmes/visits", Some(&key), &own)
        .await;
    assert_eq!(status, 201, "{logged}");

    let (status, _) = app
        .get_as(&format!("/api/v1/programmes/people/{theirs}/archive"), &key)
        .await;
    assert_eq!(status, 403, "another commissioner's archive");
    let (status, archive) = app
        .get_as(&format!("/api/v1/programmes/people/{mine}/archive"), &key)
        .await;
    assert_eq!(status, 200, "{archive}");
    assert_eq!(
        (
            archive["visits"].as_u64(),
            archive["visits_by_mode"]["on_site"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        archive["follow_ups"]["open_overdue"], 1,
        "due 10 July, not done by 20 November"
    );
    let (_, listed) = app.get_as("/api/v1/programmes/visits", &key).await;
    assert_eq!(items(&listed).len(), 1, "only its own visits");
    let (_, targets) = app.get_as("/api/v1/programmes/targets", &key).await;
    assert_eq!(items(&targets).len(), 1, "only its own targets");
    let (status, _) = app.get_as("/api/v1/programmes/people", &key).await;
    assert_eq!(status, 403, "the pool is the office's");
    // The public counts: both commissioners serve a target in 晋中市 today.
    let (_, summary) = app.get("/api/v1/programmes/summary?region=140000").await;
    let city = (items(&summary).iter())
        .find(|r| r["region_code"] == "140700")
        .unwrap();
    let counts = [
        "commissioners",
        "envoys",
        "targets",
        "visits",
        "on_site_visits",
    ]
    .map(|k| city[k].as_u64().unwrap());
    assert_eq!(counts, [2, 0, 2, 1, 1], "{city}");
}

#[tokio::test]
async fn contacts_are_masked_for_admins_and_logged_for_operators() {
    let app = spawn_app().await;
    let id = person(&app, "commissioner", "王晓明").await;
    let path = format!("/api/v1/programmes/people/{id}");
    let (_, as_admin) = app.get_as(&path, &app.admin_key).await;
    assert_eq!(as_admin["phone"], "139****0001");
    let (_, as_operator) = app.get_as(&path, &app.operator_key).await;
    assert_eq!(as_operator["phone"], "13935400001", "{as_operator}");
    let auditor = app.key(Role::Auditor, None);
    let (_, log) = app.get_as("/api/v1/audit/pii-access", &auditor).await;
    let views: Vec<&Value> = items(&log)
        .iter()
        .filter(|e| e["record_kind"] == "person")
        .collect();
    assert_eq!(views.len(), 1, "{log}");
    assert_eq!(views[0]["ticket_id"], id.as_str());
    // The public sees counts, never people.
    let (status, summary) = app.get("/api/v1/programmes/summary?region=140000").await;
    assert_eq!(status, 200);
    assert!(!summary.to_string().contains("王晓明"));
}

#[tokio::test]
async fn an_enquiry_from_a_service_target_lists_its_commissioners() {
    let app = spawn_app().await;
    let c = person(&app, "commissioner", "王晓明").await;
    let (t, code) = target(&app, 21, "晋中己新材料有限公司").await;
    assign(&app, &c, json!({ "target_id": t })).await;
    for (n, organisation) in [(1, code.as_str()), (2, " 晋中己新材料有限公司 ")] {
        let body = json!({
            "kind": "enquiry", "category": "patent", "subject": format!("专利质押融资咨询 {n}"),
            "description": "想了解专利权质押登记需要的材料", "region_code": "140702",
            "reporter": { "name": "张三", "phone": "13800000001", "organisation": organisation }
        });
        let (status, made) = app
            .send(
                Method::POST,
                "/api/v1/tickets",
                Some(&app.operator_key),
                &body,
            )
            .await;
        assert_eq!(status, 201, "{made}");
        let id = app
            .ticket_id(made["tracking_number"].as_str().unwrap())
            .await;
        let (_, ticket) = app
            .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
            .await;
        assert_eq!(
            ticket["service_targets"][0]["target_id"],
            t.as_str(),
            "{organisation}: {ticket}"
        );
        assert_eq!(
            ticket["service_targets"][0]["commissioners"][0]["id"],
            c.as_str()
        );
        let hand = json!({ "ticket_id": id, "person_id": c, "note": "请联系企业" });
        let (status, _) = app
            .send(
                Method::POST,
                "/api/v1/programmes/handovers",
                Some(&app.operator_key),
                &hand,
            )
            .await;
        assert_eq!(status, 201);
    }
    let key = app.person_key(Role::Commissioner, &c);
    let (_, handed) = app
        .get_as(&format!("/api/v1/programmes/people/{c}/handovers"), &key)
        .await;
    assert_eq!(items(&handed).len(), 2);
    let (_, archive) = app
        .get_as(&format!("/api/v1/programmes/people/{c}/archive"), &key)
        .await;
    assert_eq!(archive["enquiries_handled"], 2);
}
