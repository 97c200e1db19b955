//! The hotline end to end: intake, referral, clocks, actions, escalation, scope.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app};
use ipr_service::domain::vocab::Role;

fn complaint(category: &str, received_at: &str) -> Value {
    json!({
        "kind": "complaint", "category": category, "channel": "phone",
        "subject": "展会上发现疑似假冒专利产品", "description": "在平遥古城某店铺发现标注失效专利号的产品。",
        "location": { "lng": 112.18, "lat": 37.19 },
        "reporter": { "name": "张三", "phone": "13812341234" },
        "received_at": received_at
    })
}

fn clock<'a>(ticket: &'a Value, timer: &str) -> &'a Value {
    ticket["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["timer"] == timer)
        .unwrap_or_else(|| panic!("no {timer} clock in {ticket}"))
}

#[tokio::test]
async fn a_pingyao_complaint_goes_through_the_whole_loop() {
    let app = spawn_app().await;
    let pingyao = app.outlet_id("平遥县知识产权服务工作站").await;
    let staff = app.key(Role::OutletStaff, Some(&pingyao));
    let op = app.operator_key.clone();
    // Logged from a call on Monday 28 September 2026, just before the National Day week.
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&op),
            &complaint("patent", "2026-09-28T10:00:00+08:00"),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let ticket = &receipt["ticket"];
    let id = ticket["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (ticket["state"].as_str(), ticket["outlet_id"].as_str()),
        (Some("assigned"), Some(pingyao.as_str()))
    );
    assert!(receipt["tracking_number"].as_str().unwrap().len() == 15);
    // Seven working days from 28 September: 29, 30 September, 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert_eq!(clock(ticket, "acceptance")["due"], "2026-10-13");

    let (s, t) = app
        .act(
            &id,
            &staff,
            json!({ "action": "accept", "at": "2026-09-29T09:00:00+08:00" }),
        )
        .await;
    assert_eq!((s, t["state"].as_str()), (200, Some("accepted")), "{t}");
    assert_eq!(clock(&t, "acceptance")["met"], true);
    // Thirteen working days from 29 September end on 22 October.
    assert_eq!(clock(&t, "handling")["due"], "2026-10-22");
    let (s, t) = app.act(&id, &staff, json!({ "action": "request_info", "note": "请补充购买凭证", "at": "2026-09-30T10:00:00+08:00" })).await;
    assert_eq!((s, t["state"].as_str()), (200, Some("paused")), "{t}");
    let (s, t) = app.act(&id,
        &op,
        json!({ "action": "resume", "note": "市民已补充凭证", "at": "2026-10-09T10:00:00+08:00" }),
    )
    .await;
    assert_eq!(s, 200, "{t}");
    // Paused over 8 and 9 October (the holidays between do not count): two working days more.
    assert_eq!(
        (
            clock(&t, "handling")["paused_days"].as_u64(),
            clock(&t, "handling")["due"].as_str()
        ),
        (Some(2), Some("2026-10-26"))
    );
    let (s, t) = app.act(&id, &staff, json!({ "action": "reply", "reply": "经核查，已责令商户下架并整改。", "at": "2026-10-15T10:00:00+08:00" })).await;
    assert_eq!((s, t["state"].as_str()), (200, Some("replied")), "{t}");
    assert_eq!(clock(&t, "handling")["met"], true);
    assert_eq!(
        app.act(
            &id,
            &staff,
            json!({ "action": "callback", "satisfaction": 5 })
        )
        .await
        .0,
        403,
        "callbacks are the hotline's"
    );
    let (s, t) = app.act(&id, &op, json!({ "action": "callback", "satisfaction": 5, "note": "满意", "at": "2026-10-16T10:00:00+08:00" })).await;
    assert_eq!(
        (s, t["state"].as_str(), t["close_reason"].as_str()),
        (200, Some("closed"), Some("resolved")),
        "{t}"
    );
    let actions: Vec<&str> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "assign",
            "accept",
            "request_info",
            "resume",
            "reply",
            "callback"
        ]
    );
    let (s, problem) = app
        .act(&id, &staff, json!({ "action": "reply", "reply": "again" }))
        .await;
    assert_eq!((s, problem["code"].as_str()), (409, Some("conflict")));

    // The citizen's view: state, history and reply, and no personal data.
    let (tracking, token) = (
        receipt["tracking_number"].as_str().unwrap(),
        receipt["status_token"].as_str().unwrap(),
    );
    let res = app
        .client
        .get(format!(
            "{}/api/v1/tickets/status?tracking={tracking}&token={token}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("已责令商户下架") && text.contains("\"closed\""),
        "{text}"
    );
    assert!(
        !text.contains("张三") && !text.contains("13812341234") && !text.contains("actor"),
        "{text}"
    );
    assert_eq!(
        app.get(&format!(
            "/api/v1/tickets/status?tracking={tracking}&token=wrong"
        ))
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn overdue_tickets_are_escalated_to_the_parent_outlet() {
    let app = spawn_app().await;
    let city = app.outlet_id("晋中市知识产权公共服务中心").await;
    let (_, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-10-01T10:00:00+08:00"),
        )
        .await;
    let id = receipt["ticket"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        receipt["ticket"]["overdue"], true,
        "never accepted: the acceptance clock ran out on 15 October"
    );
    let city_staff = app.key(Role::OutletStaff, Some(&city));
    let (status, queue) = app
        .get_as("/api/v1/tickets?overdue=true", &city_staff)
        .await;
    assert_eq!(status, 200, "{queue}");
    let escalated = items(&queue)
        .iter()
        .find(|t| t["id"] == id.as_str())
        .expect("in the city centre's queue");
    assert_eq!(escalated["escalated_to"], city.as_str());
    let (_, full) = app
        .get_as(&format!("/api/v1/tickets/{id}"), &city_staff)
        .await;
    let last = full["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["action"].as_str(),
            last["outlet_id"].as_str(),
            last["actor_role"].as_str()
        ),
        (Some("escalate"), Some(city.as_str()), Some("system"))
    );
}

#[tokio::test]
async fn staff_see_only_their_outlets_and_rare_categories_walk_up() {
    let app = spawn_app().await;
    let (_, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-11-02T10:00:00+08:00"),
        )
        .await;
    let id = receipt["ticket"]["id"].as_str().unwrap().to_owned();
    let yuci = app.key(
        Role::OutletStaff,
        Some(&app.outlet_id("榆次区知识产权服务工作站").await),
    );
    assert_eq!(
        app.get_as(&format!("/api/v1/tickets/{id}"), &yuci).await.0,
        404
    );
    assert_eq!(
        app.act(&id, &yuci, json!({ "action": "accept" })).await.0,
        404
    );
    assert!(items(&app.get_as("/api/v1/tickets", &yuci).await.1).is_empty());
    assert_eq!(
        app.get_as("/api/v1/tickets", &app.key(Role::Auditor, None))
            .await
            .0,
        403
    );
    assert_eq!(app.get("/api/v1/tickets").await.0, 401);

    // No county outlet handles geographical indications: the city centre does.
    let (_, gi) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("geographical_indication", "2026-11-02T10:00:00+08:00"),
        )
        .await;
    let city = app.outlet_id("晋中市知识产权公共服务中心").await;
    assert_eq!(gi["ticket"]["outlet_id"], city.as_str());
    let (_, full) = app
        .get_as(
            &format!("/api/v1/tickets/{}", gi["ticket"]["id"].as_str().unwrap()),
            &app.operator_key,
        )
        .await;
    let reason = full["history"][1]["note"].as_str().unwrap();
    assert!(
        reason.contains("平遥县无主管网点") && reason.contains("晋中市"),
        "{reason}"
    );

    // An anonymous reporter's identity stays with the hotline, not the outlet.
    let mut anonymous = complaint("patent", "2026-11-02T10:00:00+08:00");
    anonymous["reporter"]["anonymous"] = json!(true);
    let (_, a) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &anonymous,
        )
        .await;
    let a_id = a["ticket"]["id"].as_str().unwrap();
    let pingyao = app.key(
        Role::OutletStaff,
        Some(a["ticket"]["outlet_id"].as_str().unwrap()),
    );
    let (_, seen) = app
        .get_as(&format!("/api/v1/tickets/{a_id}"), &pingyao)
        .await;
    assert_eq!(
        (
            seen["reporter"]["phone"].is_null(),
            seen["reporter"]["anonymous"].as_bool()
        ),
        (true, Some(true)),
        "{seen}"
    );
    assert_eq!(
        app.get_as(&format!("/api/v1/tickets/{a_id}"), &app.operator_key)
            .await
            .1["reporter"]["phone"],
        "13812341234"
    );

    // The public gets a receipt only, and may not back-date or pick the phone channel.
    let mut public = complaint("trademark", "2026-11-02T10:00:00+08:00");
    let (status, problem) = app
        .send(Method::POST, "/api/v1/tickets", None, &public)
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("channel")));
    public["channel"] = json!("app");
    public.as_object_mut().unwrap().remove("received_at");
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            None,
            &public,
        )
        .await;
    assert_eq!(
        (
            status,
            receipt["ticket"].is_null(),
            receipt["state"].as_str()
        ),
        (201, true, Some("assigned")),
        "{receipt}"
    );
}
