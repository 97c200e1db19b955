//! One case from intake to callback; reopening after a dissatisfied callback; duplicates and merging.

use reqwest::Method;
use serde_json::json;

use super::{clock, complaint, log, ticket};
use crate::helpers::spawn_app;
use ipr_service::domain::vocab::Role;

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

    // Outlets act at the real time: the test moves the server's clock.
    app.set_time("2026-09-29T09:00:00+08:00");
    let (s, t) = app.act(&id, &staff, json!({ "action": "accept" })).await;
    assert_eq!((s, t["state"].as_str()), (200, Some("accepted")), "{t}");
    assert_eq!(clock(&t, "acceptance")["met"], true);
    // Thirteen working days from 29 September end on 22 October.
    assert_eq!(clock(&t, "handling")["due"], "2026-10-22");
    app.set_time("2026-09-30T10:00:00+08:00");
    let (s, t) = app
        .act(
            &id,
            &staff,
            json!({ "action": "request_info", "note": "请补充购买凭证" }),
        )
        .await;
    assert_eq!((s, t["state"].as_str()), (200, Some("paused")), "{t}");
    // The hotline may record an action after the fact (within 30 days).
    app.set_time("2026-10-09T18:00:00+08:00");
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
    app.set_time("2026-10-15T10:00:00+08:00");
    let (s, t) = app
        .act(
            &id,
            &staff,
            json!({ "action": "reply", "reply": "经核查，已责令商户下架并整改。" }),
        )
        .await;
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
    app.set_time("2026-10-16T10:00:00+08:00");
    let (s, t) = app
        .act(
            &id,
            &op,
            json!({ "action": "callback", "satisfaction": 5, "note": "满意" }),
        )
        .await;
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
async fn dissatisfied_callbacks_reopen_and_duplicates_merge() {
    let app = spawn_app().await;
    let op = app.operator_key.clone();
    let first = log(
        &app,
        ticket("complaint", "13900000001", "2026-11-02T09:00:00+08:00"),
    )
    .await;
    let id = first["id"].as_str().unwrap().to_owned();
    let staff = app.key(
        Role::OutletStaff,
        Some(first["outlet_id"].as_str().unwrap()),
    );
    app.set_time("2026-11-02T10:00:00+08:00");
    for (key, body) in [
        (&staff, json!({ "action": "accept" })),
        (
            &staff,
            json!({ "action": "request_extension", "days": 5, "note": "需要现场核查" }),
        ),
        (&op, json!({ "action": "grant_extension", "days": 5 })),
        (
            &staff,
            json!({ "action": "reply", "reply": "已协调处理。" }),
        ),
    ] {
        let (s, t) = app.act(&id, key, body.clone()).await;
        assert_eq!(s, 200, "{body}: {t}");
    }
    app.set_time(crate::helpers::TEST_START);
    assert_eq!(
        app.act(&id, &op, json!({ "action": "grant_extension", "days": 5 }))
            .await
            .0,
        409,
        "nothing pending"
    );
    let (s, t) = app
        .act(
            &id,
            &op,
            json!({ "action": "callback", "satisfaction": 2, "note": "问题未解决" }),
        )
        .await;
    assert_eq!((s, t["state"].as_str()), (200, Some("accepted")), "{t}");
    let actions: Vec<&str> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(&actions[actions.len() - 2..], ["callback", "reopen"]);
    let handling = t["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["timer"] == "handling")
        .unwrap();
    assert!(
        handling["stopped_at"].is_null(),
        "a new handling clock runs from the reopening: {handling}"
    );
    assert_eq!(handling["extension_days"], 0);

    // The same caller again: suggested as a duplicate, then merged.
    let second = log(
        &app,
        ticket("complaint", "13900000001", "2026-11-03T09:00:00+08:00"),
    )
    .await;
    let second_id = second["id"].as_str().unwrap();
    let (_, view) = app
        .get_as(&format!("/api/v1/tickets/{second_id}"), &op)
        .await;
    assert_eq!(
        view["possible_duplicates"],
        json!([first["tracking_number"]])
    );
    assert!(
        view["suggestion"]["reason"]
            .as_str()
            .unwrap()
            .contains("平遥"),
        "{view}"
    );
    let (s, merged) = app
        .act(
            second_id,
            &op,
            json!({ "action": "merge", "merge_into": id }),
        )
        .await;
    assert_eq!(
        (s, merged["state"].as_str(), merged["merged_into"].as_str()),
        (200, Some("closed"), Some(id.as_str())),
        "{merged}"
    );
    let (_, target) = app.get_as(&format!("/api/v1/tickets/{id}"), &op).await;
    assert_eq!(
        target["history"].as_array().unwrap().last().unwrap()["action"],
        "merged_from"
    );
    assert_eq!(
        app.act(
            second_id,
            &op,
            json!({ "action": "close", "close_reason": "withdrawn" })
        )
        .await
        .0,
        409
    );
}
