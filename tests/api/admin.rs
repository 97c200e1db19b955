//! Changing the directory: keys, validation, index kept in step, history, boundaries.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, names, spawn_app};

fn new_outlet() -> Value {
    json!({
        "name": "平遥古城商标品牌指导站",
        "name_en": "Pingyao Ancient City Trademark Brand Station",
        "kind": "trademark_brand_station",
        "tier": "county",
        "region_code": "140728",
        "address": "山西省晋中市平遥县古城南大街",
        "location": { "lng": 112.1850, "lat": 37.2010 },
        "phones": ["0354-5600000"]
    })
}

#[tokio::test]
async fn admin_writes_are_checked_indexed_and_kept_in_history() {
    let app = spawn_app().await;
    let path = "/api/v1/outlets?coord_sys=gcj02";
    assert_eq!(
        app.send(Method::POST, path, None, &new_outlet()).await.0,
        401
    );
    assert_eq!(
        app.send(Method::POST, path, Some("ipr_wrong"), &new_outlet())
            .await
            .0,
        401
    );
    assert_eq!(
        app.send(Method::POST, path, Some(&app.operator_key), &new_outlet())
            .await
            .0,
        403
    );
    let (status, created) = app
        .send(Method::POST, path, Some(&app.admin_key), &new_outlet())
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created["location"],
        json!({ "lng": 112.185, "lat": 37.201 })
    );

    // The index follows at once: it is now the nearest outlet to its own position.
    let near = "/api/v1/outlets/nearest?lat=37.2010&lng=112.1850&coord_sys=gcj02&limit=1";
    assert_eq!(items(&app.get(near).await.1)[0]["id"], id.as_str());

    let patch =
        json!({ "location": { "lng": 112.60, "lat": 37.80 }, "email": "tm@pingyao.example.cn" });
    let path = format!("/api/v1/outlets/{id}?coord_sys=gcj02");
    let admin = app.admin_key.clone();
    // Updates need the ETag read last: none is 428, a stale one 412.
    assert_eq!(
        app.send_if_match(Method::PATCH, &path, &admin, &patch, None)
            .await
            .0,
        428
    );
    assert_eq!(
        app.send_if_match(Method::PATCH, &path, &admin, &patch, Some("\"7\""))
            .await
            .0,
        412
    );
    let etag = app.etag(&format!("/api/v1/outlets/{id}"), &admin).await;
    assert_eq!(etag.as_deref(), Some("\"1\""));
    let (status, moved) = app
        .send_if_match(Method::PATCH, &path, &admin, &patch, etag.as_deref())
        .await;
    assert_eq!(
        (status, moved["version"].as_i64()),
        (200, Some(2)),
        "{moved}"
    );
    assert_ne!(items(&app.get(near).await.1)[0]["id"], id.as_str());

    let etag = app.etag(&format!("/api/v1/outlets/{id}"), &admin).await;
    let close = format!("/api/v1/outlets/{id}?reason=merged");
    let (status, closed) = app
        .send_if_match(
            Method::DELETE,
            &close,
            &admin,
            &json!(null),
            etag.as_deref(),
        )
        .await;
    assert_eq!(
        (
            status,
            closed["status"].as_str(),
            closed["status_note"].as_str()
        ),
        (200, Some("closed"), Some("merged"))
    );
    let (_, still) = app.get(&format!("/api/v1/outlets/{id}")).await;
    assert_eq!(still["status"], "closed");
    let by_name = "/api/v1/outlets?q=%E5%8F%A4%E5%9F%8E"; // q=古城
    assert!(
        items(&app.get(by_name).await.1).is_empty(),
        "closed outlets are hidden by default"
    );
    assert_eq!(
        items(&app.get(&format!("{by_name}&include_closed=true")).await.1).len(),
        1
    );

    let history = app
        .client
        .get(format!("{}/api/v1/outlets/{id}/history", app.address))
        .bearer_auth(&app.admin_key)
        .send()
        .await
        .unwrap();
    let history: Value = history.json().await.unwrap();
    let actions: Vec<_> = items(&history)
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "close"]);
    assert_eq!(
        items(&history)[1]["snapshot"]["email"],
        "tm@pingyao.example.cn"
    );

    // A closed outlet is not gone: an admin can reopen it.
    let etag = app.etag(&format!("/api/v1/outlets/{id}"), &admin).await;
    let reopen = json!({ "status": "normal", "status_note": null });
    let (status, reopened) = app
        .send_if_match(Method::PATCH, &path, &admin, &reopen, etag.as_deref())
        .await;
    assert_eq!(
        (status, reopened["status"].as_str()),
        (200, Some("normal")),
        "{reopened}"
    );
    assert_eq!(items(&app.get(by_name).await.1).len(), 1);
}

#[tokio::test]
async fn invalid_writes_get_problems_naming_the_field() {
    let app = spawn_app().await;
    let key = Some(app.admin_key.as_str());
    let with = |field: &str, value: Value| {
        let mut body = new_outlet();
        body[field] = value;
        body
    };
    let cases = [
        (with("tier", json!("park")), 422, "tier"),
        (with("region_code", json!("999999")), 422, "region_code"),
        (with("kind", json!("shop")), 422, "kind"),
        (
            with("location", json!({ "lng": 112.0, "lat": 95.0 })),
            422,
            "location.lat",
        ),
        (with("parent_id", json!("no-such-outlet")), 422, "parent_id"),
        (with("phones", json!(["call me"])), 422, "phones"),
        (
            with("verified_at", json!("2300-01-01T00:00:00+08:00")),
            422,
            "verified_at",
        ),
        (with("colour", json!("red")), 422, "colour"),
        (json!({ "kind": "trademark_brand_station" }), 422, "name"),
    ];
    for (body, status, field) in cases {
        let (got, problem) = app.send(Method::POST, "/api/v1/outlets", key, &body).await;
        assert_eq!(
            (got, problem["field"].as_str()),
            (status, Some(field)),
            "{problem}"
        );
    }
    let raw = |body: &'static str, content_type: &'static str| {
        app.client
            .post(format!("{}/api/v1/outlets", app.address))
            .bearer_auth(&app.admin_key)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let res = raw("{\"name\": ", "application/json").await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(
        raw("name=x", "application/x-www-form-urlencoded")
            .await
            .unwrap()
            .status(),
        415
    );
    let (status, _) = app
        .send(
            Method::PATCH,
            "/api/v1/outlets/no-such",
            key,
            &json!({ "name": "x" }),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn imported_boundary_makes_location_exact() {
    let app = spawn_app().await;
    // A square over Qixian reaching south over a point whose nearest seat is Pingyao's.
    let square = json!({ "type": "Polygon", "coordinates": [[[112.0, 37.2], [112.6, 37.2], [112.6, 37.6], [112.0, 37.6], [112.0, 37.2]]] });
    let path = "/api/v1/regions/140727/boundary?coord_sys=gcj02";
    assert_eq!(
        app.send(Method::PUT, path, Some(&app.operator_key), &square)
            .await
            .0,
        403
    );
    let (status, region) = app
        .send(Method::PUT, path, Some(&app.admin_key), &square)
        .await;
    assert_eq!(
        (status, region["has_boundary"].as_bool()),
        (200, Some(true)),
        "{region}"
    );
    let (_, body) = app
        .get("/api/v1/regions/locate?lat=37.21&lng=112.18&coord_sys=gcj02")
        .await;
    assert_eq!(body["chain"][0]["region"]["code"], "140727");
    assert_eq!(body["chain"][0]["approximate"], false);
    assert_eq!(
        names(&json!({ "items": body["chain"][0]["outlets"] })),
        ["祁县知识产权服务工作站"]
    );
    let (status, shape) = app
        .get("/api/v1/regions/140727/boundary?coord_sys=gcj02")
        .await;
    assert_eq!(
        (status, shape["type"].as_str()),
        (200, Some("MultiPolygon"))
    );
    let first = &shape["coordinates"][0][0][0];
    assert!((first[0].as_f64().unwrap() - 112.0).abs() < 1e-6, "{first}");
    let line = json!({ "type": "LineString", "coordinates": [[112.0, 37.2], [112.6, 37.2]] });
    let (status, problem) = app
        .send(Method::PUT, path, Some(&app.admin_key), &line)
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("body")));
}
