//! Request bodies and answer readers several test files use.

use reqwest::Method;
use serde_json::{json, Value};

use super::TestApp;

/// A public ticket in Pingyao: created, then referred at once (2 events).
pub fn pingyao_ticket(n: usize) -> Value {
    json!({
        "kind": "complaint", "category": "trademark",
        "subject": format!("商标侵权投诉 {n}"), "description": "有商户销售假冒注册商标的商品",
        "region_code": "140728", "reporter": { "anonymous": true }
    })
}

/// Subscribes the receiver to created and assigned events; returns (id, secret).
pub async fn subscribe(app: &TestApp, url: &str, admin: &str) -> (String, String) {
    let body = json!({ "url": url, "event_types": ["ticket.created", "ticket.assigned"], "description": "测试接收端" });
    let (status, created) = app
        .send(Method::POST, "/api/v1/webhooks", Some(admin), &body)
        .await;
    assert_eq!(status, 201, "{created}");
    (
        created["subscription"]["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

/// The `items` of a list response.
pub fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().expect("a list response has items")
}

/// The names of a list response's items.
pub fn names(body: &Value) -> Vec<String> {
    items(body)
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}
