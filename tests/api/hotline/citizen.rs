//! The citizen's side, with only the tracking number and token: the receipt
//! and status say who handles the case and by when, the outlet's question is
//! shown, and the citizen's answer resumes the clock and reaches the outlet.

use reqwest::Method;
use serde_json::{json, Value};

use super::clock;
use crate::helpers::receiver::Receiver;
use crate::helpers::spawn_app;
use ipr_service::domain::vocab::Role;

fn taigu_complaint() -> Value {
    json!({
        "kind": "complaint", "category": "trademark",
        "subject": "超市销售假冒注册商标的白酒", "description": "在太谷区某超市购买的白酒疑似假冒注册商标。",
        "region_code": "140703", "reporter": { "name": "王五", "phone": "13912345678" }
    })
}

#[tokio::test]
async fn a_citizen_reads_the_question_supplies_information_and_the_clock_runs_again() {
    let app = spawn_app().await;
    let (status, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &taigu_complaint())
        .await;
    assert_eq!(status, 201, "{receipt}");
    let outlet = receipt["handled_by"]["id"]
        .as_str()
        .expect("referred")
        .to_owned();
    let received = receipt["received_at"].as_str().unwrap();
    assert!(
        received.ends_with("+08:00") && !received.contains('.'),
        "{received}"
    );
    assert!(receipt["due"]["due"].is_string(), "{receipt}");
    let notice = receipt["notice"].as_str().unwrap();
    assert!(
        notice.contains("应于") && notice.contains("签收"),
        "{notice}"
    );
    let (tracking, token) = (
        receipt["tracking_number"].as_str().unwrap().to_owned(),
        receipt["status_token"].as_str().unwrap().to_owned(),
    );
    let status_path = format!("/api/v1/tickets/status?tracking={tracking}&token={token}");
    assert_eq!(receipt["status_url"], status_path.as_str());

    // The outlet's case system is subscribed to its tickets' events.
    let mut receiver = Receiver::new();
    receiver.start();
    let body = json!({ "url": receiver.url(), "outlet_id": outlet, "event_types": ["ticket.supplemented"] });
    let (s, _) = app
        .send(
            Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(s, 201);

    let staff = app.key(Role::OutletStaff, Some(&outlet));
    let id = app.ticket_id(&tracking).await;
    assert_eq!(
        app.act(&id, &staff, json!({ "action": "accept" })).await.0,
        200
    );
    let (s, asked) = app
        .act(
            &id,
            &staff,
            json!({
                "action": "request_info", "note": "核实进货渠道前需要凭证",
                "public_note": "请补充购买小票和商品照片"
            }),
        )
        .await;
    assert_eq!(s, 200, "{asked}");
    assert_eq!(clock(&asked, "handling")["stopped_at"], Value::Null);

    // The citizen sees the question, not the internal note, and a label of its own.
    let (_, seen) = app.get(&status_path).await;
    assert_eq!(
        (
            seen["state"].as_str(),
            seen["awaiting_information"].as_bool()
        ),
        (Some("paused"), Some(true))
    );
    assert_eq!(seen["state_label"], "待补充材料");
    let last = seen["history"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["action"].as_str(), last["public_note"].as_str()),
        (Some("request_info"), Some("请补充购买小票和商品照片"))
    );
    assert!(!seen.to_string().contains("核实进货渠道"), "{seen}");
    assert!(seen["notice"]
        .as_str()
        .unwrap()
        .contains("请补充购买小票和商品照片"));

    // A wrong token is refused like an unknown number; a blank answer is a 422.
    let supply = |token: &str, text: &str| {
        json!({ "tracking": tracking, "token": token, "text": text,
                "attachments": ["https://pan.example.cn/s/receipt.jpg"] })
    };
    let path = "/api/v1/tickets/status/supplement";
    assert_eq!(
        app.send(Method::POST, path, None, &supply("wrong", "小票见附件"))
            .await
            .0,
        404
    );
    let (s, problem) = app
        .send(Method::POST, path, None, &supply(&token, " "))
        .await;
    assert_eq!((s, problem["field"].as_str()), (422, Some("text")));

    let (s, after) = app
        .send(
            Method::POST,
            path,
            None,
            &supply(&token, "小票和照片见附件链接。"),
        )
        .await;
    assert_eq!(s, 200, "{after}");
    assert_eq!(
        (
            after["state"].as_str(),
            after["awaiting_information"].as_bool()
        ),
        (Some("accepted"), Some(false))
    );
    // The outlet sees the answer and the clock runs again.
    let (_, full) = app.get_as(&format!("/api/v1/tickets/{id}"), &staff).await;
    let supplied = full["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (supplied["action"].as_str(), supplied["actor_role"].as_str()),
        (Some("supplement"), Some("public"))
    );
    assert!(supplied["note"]
        .as_str()
        .unwrap()
        .contains("小票和照片见附件链接"));
    assert!(full["attachments"].to_string().contains("receipt.jpg"));
    let handling = clock(&full, "handling");
    assert!(
        handling["due"].is_string() && handling["stopped_at"].is_null(),
        "{handling}"
    );
    receiver.wait_for(1, 20).await;
    let got = receiver.accepted_by_id();
    let event = got.values().next().unwrap()[0].json();
    assert_eq!(
        (
            event["type"].as_str(),
            event["ticket"]["tracking_number"].as_str()
        ),
        (Some("ticket.supplemented"), Some(tracking.as_str()))
    );

    // Nothing more is asked now: a second answer is a 409 that says so.
    let (s, problem) = app
        .send(Method::POST, path, None, &supply(&token, "再补充"))
        .await;
    assert_eq!(s, 409);
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("没有要求补充材料"));
}

#[tokio::test]
async fn a_suspended_case_reads_differently_and_asks_nothing_of_the_citizen() {
    let app = spawn_app().await;
    let (_, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &taigu_complaint())
        .await;
    let outlet = receipt["handled_by"]["id"].as_str().unwrap().to_owned();
    let tracking = receipt["tracking_number"].as_str().unwrap().to_owned();
    let token = receipt["status_token"].as_str().unwrap().to_owned();
    let staff = app.key(Role::OutletStaff, Some(&outlet));
    let id = app.ticket_id(&tracking).await;
    app.act(&id, &staff, json!({ "action": "accept" })).await;
    let (s, _) = app
        .act(
            &id,
            &staff,
            json!({ "action": "suspend", "note": "等待商标局确权结果" }),
        )
        .await;
    assert_eq!(s, 200);
    let status_path = format!("/api/v1/tickets/status?tracking={tracking}&token={token}");
    let (_, seen) = app.get(&status_path).await;
    assert_eq!(
        (
            seen["state_label"].as_str(),
            seen["awaiting_information"].as_bool()
        ),
        (Some("已中止"), Some(false))
    );
    let body = json!({ "tracking": tracking, "token": token, "text": "补充" });
    let (s, problem) = app
        .send(
            Method::POST,
            "/api/v1/tickets/status/supplement",
            None,
            &body,
        )
        .await;
    assert_eq!(s, 409);
    assert!(
        problem["detail"].as_str().unwrap().contains("已中止"),
        "{problem}"
    );
    // In English too.
    let en = app
        .client
        .get(format!("{}{status_path}", app.address))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(en["state_label"], "Suspended");
}
