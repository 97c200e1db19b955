//! The change feed: replayed from the start into an empty copy, it gives the
//! current outlet set exactly, closures included, after changes on another replica.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, TestApp};

/// Replays the whole feed: outlet id -> (status, version).
async fn replay(app: &TestApp) -> BTreeMap<String, (String, i64)> {
    let mut copy = BTreeMap::new();
    let mut after = String::new();
    loop {
        let path = match after.is_empty() {
            true => "/api/v1/changes?limit=100".to_owned(),
            false => format!("/api/v1/changes?limit=100&after={after}"),
        };
        let (status, page) = app.get(&path).await;
        assert_eq!(status, 200, "{page}");
        for c in items(&page).iter().filter(|c| c["entity"] == "outlet") {
            let o = &c["representation"];
            let entry = (
                o["status"].as_str().unwrap().to_owned(),
                o["version"].as_i64().unwrap(),
            );
            copy.insert(c["key"].as_str().unwrap().to_owned(), entry);
        }
        after = page["next_cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            return copy;
        }
    }
}

async fn current(app: &TestApp, base: &str) -> BTreeMap<String, (String, i64)> {
    let url = format!("{base}/api/v1/outlets?include_closed=true&limit=100");
    let body: Value = app
        .client
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["next_cursor"].is_null(), "one page holds the seed");
    (items(&body).iter())
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                (
                    o["status"].as_str().unwrap().to_owned(),
                    o["version"].as_i64().unwrap(),
                ),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replaying_the_feed_gives_the_current_outlets_after_changes_on_another_replica() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let outlet = json!({
        "name": "祁县玻璃器皿商标品牌指导站", "kind": "trademark_brand_station", "tier": "county",
        "region_code": "140727", "address": "山西省晋中市祁县昭余镇", "location": { "lng": 112.335, "lat": 37.358 }
    });
    let send = |method: Method, path: String, body: Value, etag: Option<String>| {
        let mut req = a
            .client
            .request(method, format!("{b}{path}"))
            .bearer_auth(&a.admin_key)
            .json(&body);
        if let Some(tag) = etag {
            req = req.header("If-Match", tag);
        }
        req.send()
    };
    let created: Value = send(Method::POST, "/api/v1/outlets".into(), outlet, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let res = send(
        Method::PATCH,
        format!("/api/v1/outlets/{id}"),
        json!({ "status": "notice", "status_note": "周一闭馆" }),
        Some("\"1\"".into()),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let seeded = current(&a, &a.address)
        .await
        .into_keys()
        .find(|k| *k != id)
        .unwrap();
    let etag = a
        .etag(&format!("/api/v1/outlets/{seeded}"), &a.admin_key)
        .await;
    let res = send(
        Method::DELETE,
        format!("/api/v1/outlets/{seeded}"),
        json!({}),
        etag,
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    // Replica A's lists catch up within a second; the feed reads the log.
    let started = Instant::now();
    let expected = loop {
        let now = current(&a, &a.address).await;
        if now.get(&seeded).is_some_and(|s| s.0 == "closed")
            && now.get(&id).is_some_and(|s| s.1 == 2)
        {
            break now;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "replica A never caught up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let replayed = replay(&a).await;
    assert_eq!(replayed, expected);
    assert_eq!(replayed[&seeded].0, "closed");
    assert_eq!(replayed[&id], ("notice".to_owned(), 2));
    // At the end, a read with nothing new keeps the cursor.
    let mut path = "/api/v1/changes?limit=100".to_owned();
    let after = loop {
        let (_, page) = a.get(&path).await;
        let after = page["next_cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            break after;
        }
        path = format!("/api/v1/changes?limit=100&after={after}");
    };
    let (_, empty) = a.get(&format!("/api/v1/changes?after={after}")).await;
    assert!(items(&empty).is_empty());
    assert_eq!(empty["next_cursor"].as_str(), Some(after.as_str()));
    assert_eq!(a.get("/api/v1/changes?after=garbage").await.0, 400);
}

#[tokio::test]
async fn reads_answer_an_etag_and_304_until_something_changes() {
    let app = spawn_app().await;
    let get = |path: &'static str, tag: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.address));
        if let Some(tag) = tag {
            req = req.header("If-None-Match", tag);
        }
        req.send()
    };
    let list = "/api/v1/outlets?region=140728";
    let first = get(list, None).await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = get(list, Some(tag.clone())).await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.bytes().await.unwrap().is_empty());
    // A change to an outlet in the list gives a new tag and the new body.
    let body: Value = first.json().await.unwrap();
    let id = items(&body)[0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/outlets/{id}");
    let (status, _) = app
        .send_if_match(
            Method::PATCH,
            &path,
            &app.admin_key,
            &json!({ "status_note": "今日临时闭馆" }),
            Some("\"1\""),
        )
        .await;
    assert_eq!(status, 200);
    let changed = get(list, Some(tag.clone())).await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    // Single resources keep their version as the tag.
    let one = app
        .client
        .get(format!("{}{path}", app.address))
        .header("If-None-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), 304);
}

#[tokio::test]
async fn an_hours_change_carries_its_new_representation() {
    let app = spawn_app().await;
    // The end of the feed so far.
    let mut path = "/api/v1/changes?limit=100".to_owned();
    let after = loop {
        let (status, page) = app.get(&path).await;
        assert_eq!(status, 200, "{page}");
        let next = page["next_cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            break next;
        }
        path = format!("/api/v1/changes?limit=100&after={next}");
    };
    let (_, outlets) = app.get("/api/v1/outlets?limit=1").await;
    let id = items(&outlets)[0]["id"].as_str().unwrap().to_owned();
    let hours = json!({ "weekly": { "mon": [{ "opens": "08:30", "closes": "17:00" }] } });
    let res = (app
        .client
        .put(format!("{}/api/v1/outlets/{id}/hours", app.address)))
    .bearer_auth(&app.admin_key)
    .json(&hours)
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let (_, page) = app.get(&format!("/api/v1/changes?after={after}")).await;
    let change = &items(&page)[0];
    assert_eq!(change["href"], format!("/api/v1/outlets/{id}/hours"));
    assert_eq!(
        change["representation"]["weekly"]["mon"][0]["opens"],
        "08:30"
    );
}
