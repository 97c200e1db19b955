//! The hotline end to end, by topic: the case loop (intake to callback,
//! reopening, merging), referral and escalation, and the rules (returns,
//! extensions, editable limits, statistics).

mod batched_intake;
mod case_loop;
mod citizen;
mod duplicates;
mod operator_queue;
mod referral;
mod rules;
mod synthetic;
mod text_search;
mod year_end;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::TestApp;

pub fn complaint(category: &str, received_at: &str) -> Value {
    json!({
        "kind": "complaint", "category": category, "channel": "phone",
        "subject": "展会上发现疑似假冒专利产品", "description": "在平遥古城某店铺发现标注失效专利号的产品。",
        "location": { "lng": 112.18, "lat": 37.19 },
        "reporter": { "name": "张三", "phone": "13812341234" },
        "received_at": received_at
    })
}

pub fn clock<'a>(ticket: &'a Value, timer: &str) -> &'a Value {
    ticket["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["timer"] == timer)
        .unwrap_or_else(|| panic!("no {timer} clock in {ticket}"))
}

pub fn ticket(kind: &str, phone: &str, received_at: &str) -> Value {
    json!({
        "kind": kind, "category": "trademark", "channel": "phone",
        "subject": "商标使用咨询", "description": "询问商标许可备案事宜。",
        "location": { "lng": 112.18, "lat": 37.19 },
        "reporter": { "name": "李四", "phone": phone }, "received_at": received_at
    })
}

pub async fn log(app: &TestApp, body: Value) -> Value {
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    receipt["ticket"].clone()
}
