//! Possible duplicates beside an operator's view of a ticket: the same
//! category within 250 m, or the same phone, in the last 30 days.

use serde_json::{json, Value};

use super::{log, ticket};
use crate::helpers::{spawn_app, TestApp};

/// A trademark complaint from `phone`, `north_m` metres north of the first one.
fn complaint_at(phone: &str, north_m: f64) -> Value {
    let mut body = ticket("complaint", phone, "2026-11-02T09:00:00+08:00");
    body["location"]["lat"] = json!(37.19 + north_m / 111_320.0);
    body
}

async fn duplicates_of(app: &TestApp, ticket: &Value) -> Value {
    let path = format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap());
    let (status, view) = app.get_as(&path, &app.operator_key).await;
    assert_eq!(status, 200, "{view}");
    view["possible_duplicates"].clone()
}

#[tokio::test]
async fn nearby_tickets_of_the_category_and_the_same_phone_are_suggested() {
    let app = spawn_app().await;
    let first = log(&app, complaint_at("13900000011", 0.0)).await;
    let near = log(&app, complaint_at("13900000012", 150.0)).await;
    let far = log(&app, complaint_at("13900000013", 600.0)).await;
    let same_phone_far = log(&app, complaint_at("13900000011", 5_000.0)).await;

    let tracking = |t: &Value| t["tracking_number"].clone();
    assert_eq!(duplicates_of(&app, &near).await, json!([tracking(&first)]));
    assert_eq!(
        duplicates_of(&app, &far).await,
        json!([]),
        "600 m is too far"
    );
    assert_eq!(
        duplicates_of(&app, &same_phone_far).await,
        json!([tracking(&first)]),
        "the same phone, however far"
    );
    let mut of_first: Vec<Value> = (duplicates_of(&app, &first).await)
        .as_array()
        .unwrap()
        .clone();
    of_first.sort_by_key(|t| t.as_str().unwrap().to_owned());
    let mut expected = vec![tracking(&near), tracking(&same_phone_far)];
    expected.sort_by_key(|t| t.as_str().unwrap().to_owned());
    assert_eq!(of_first, expected, "each once, never itself");
}
