//! What an operator needs from the queue: finding a caller, outlet names,
//! the actions the state allows, notes kept, and phone numbers checked.

use reqwest::Method;
use serde_json::json;

use super::{complaint, log};
use crate::helpers::{items, spawn_app};
use ipr_service::domain::vocab::Role;

#[tokio::test]
async fn operators_find_callers_by_phone_or_name_and_see_names_and_next_actions() {
    let app = spawn_app().await;
    let op = app.operator_key.clone();
    let logged = log(&app, complaint("trademark", "2026-11-20T09:00:00+08:00")).await;
    let id = logged["id"].as_str().unwrap().to_owned();
    for q in ["13812341234", "1234", "张三"] {
        let (_, found) = app.get_as(&format!("/api/v1/tickets?q={q}"), &op).await;
        assert!(
            items(&found).iter().any(|t| t["id"] == id.as_str()),
            "q={q}: {found}"
        );
    }
    let outlet = {
        let (_, t) = app.get_as(&format!("/api/v1/tickets/{id}"), &op).await;
        assert_eq!(t["outlet_name"], "平遥县知识产权服务工作站", "{t}");
        assert_eq!(
            t["allowed_actions"],
            json!(["classify", "assign", "reassign", "answer", "close", "merge"])
        );
        t["outlet_id"].as_str().unwrap().to_owned()
    };
    // Outlet staff may not search callers by phone, and see their own next actions.
    let staff = app.key(Role::OutletStaff, Some(&outlet));
    let (_, by_phone) = app.get_as("/api/v1/tickets?q=13812341234", &staff).await;
    assert!(items(&by_phone).is_empty(), "{by_phone}");
    let (_, mine) = app.get_as(&format!("/api/v1/tickets/{id}"), &staff).await;
    assert_eq!(mine["allowed_actions"], json!(["accept", "return"]));

    // classify keeps the operator's note beside the new classification.
    let (s, t) = app
        .act(
            &id,
            &op,
            json!({ "action": "classify", "category": "patent", "note": "来电实为假冒专利" }),
        )
        .await;
    assert_eq!(s, 200, "{t}");
    let note = t["history"].as_array().unwrap().last().unwrap()["note"].clone();
    assert_eq!(note, "complaint / patent：来电实为假冒专利");

    // A refused transition says what can be done instead.
    let (s, problem) = app
        .act(&id, &staff, json!({ "action": "reply", "reply": "已处理" }))
        .await;
    assert_eq!(s, 409);
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("现在可以：签收、退单"), "{detail}");

    let (_, stats) = app.get_as("/api/v1/stats/tickets", &op).await;
    assert_eq!(stats["names"][&outlet], "平遥县知识产权服务工作站");
    assert_eq!(stats["names"]["140700"], "晋中市");
}

#[tokio::test]
async fn phone_numbers_and_emails_are_checked_and_the_expected_form_named() {
    let app = spawn_app().await;
    let mut body = complaint("trademark", "2026-11-20T09:00:00+08:00");
    body["received_at"] = json!(null);
    body["channel"] = json!("web");
    body["reporter"]["phone"] = json!("12345");
    let (s, problem) = app.send(Method::POST, "/api/v1/tickets", None, &body).await;
    assert_eq!(
        (s, problem["field"].as_str()),
        (422, Some("reporter.phone")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("带区号的固定电话"),
        "{problem}"
    );
    for ok in ["0354-3021234", "400-810-8888"] {
        body["reporter"]["phone"] = json!(ok);
        let (s, receipt) = app.send(Method::POST, "/api/v1/tickets", None, &body).await;
        assert_eq!(s, 201, "{ok}: {receipt}");
    }
    body["reporter"]["email"] = json!("wang@");
    let (s, problem) = app.send(Method::POST, "/api/v1/tickets", None, &body).await;
    assert_eq!(
        (s, problem["field"].as_str()),
        (422, Some("reporter.email"))
    );
}

#[tokio::test]
async fn outlets_may_not_backdate_their_own_actions() {
    let app = spawn_app().await;
    let logged = log(&app, complaint("trademark", "2026-11-10T09:00:00+08:00")).await;
    let id = logged["id"].as_str().unwrap().to_owned();
    let staff = app.key(Role::OutletStaff, logged["outlet_id"].as_str());
    let dated = json!({ "action": "accept", "at": "2026-11-10T10:00:00+08:00" });
    let (s, problem) = app.act(&id, &staff, dated).await;
    assert_eq!(
        (s, problem["field"].as_str()),
        (422, Some("at")),
        "{problem}"
    );
    let (s, t) = app.act(&id, &staff, json!({ "action": "accept" })).await;
    assert_eq!(s, 200, "{t}");
    let at = t["history"].as_array().unwrap().last().unwrap()["at"].clone();
    assert!(
        at.as_str().unwrap().starts_with("2026-11-20T12:0"),
        "the real time: {at}"
    );
    // The operator logged a call of ten days ago: its create entry is
    // backdated, and the statistics say so; the staff's accept is not.
    let (_, stats) = app.get_as("/api/v1/stats/tickets", &app.operator_key).await;
    let outlet = logged["outlet_id"].as_str().unwrap();
    assert_eq!(stats["outlets"][outlet]["backdated_events"], 1, "{stats}");
}

/// Search ignores the case of Latin letters on both backends (SQLite's LIKE
/// does so by itself, PostgreSQL's does not).
#[tokio::test]
async fn queue_search_ignores_the_case_of_latin_letters() {
    let app = spawn_app().await;
    let mut body = complaint("patent", "2026-11-20T09:00:00+08:00");
    body["subject"] = json!("PCT 国际申请被冒用");
    body["reporter"]["name"] = json!("Li Lei");
    let id = log(&app, body).await["id"].as_str().unwrap().to_owned();
    for q in ["pct", "Pct", "li%20lei", "LI"] {
        let (_, found) = (app.get_as(&format!("/api/v1/tickets?q={q}"), &app.operator_key)).await;
        assert!(
            items(&found).iter().any(|t| t["id"] == id.as_str()),
            "q={q}: {found}"
        );
    }
}
