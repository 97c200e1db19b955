//! Coverage for planners (全覆盖): the parks and counties without an outlet
//! of a kind, as JSON, CSV and GeoJSON, changing as soon as one is added.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn park_gaps(body: &Value) -> Vec<String> {
    (body["gaps"].as_array().unwrap().iter())
        .filter(|g| g["level"] == "park" && g["kind"] == "trademark_brand_station")
        .map(|g| g["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn jinzhong_parks_without_a_brand_station_are_listed_until_one_opens() {
    let app = spawn_app().await;
    let path = "/api/v1/coverage?region=140700&kinds=trademark_brand_station";
    let (status, before) = app.get(path).await;
    assert_eq!(status, 200, "{before}");
    let gaps = park_gaps(&before);
    assert!(!gaps.is_empty(), "{before}");
    let park = (before["areas"].as_array().unwrap().iter())
        .find(|a| a["code"] == gaps[0].as_str())
        .unwrap()
        .clone();
    let kinds = &park["kinds"]["trademark_brand_station"];
    assert_eq!(kinds["covered"], false);
    let share = before["share_within_km"]["trademark_brand_station"]
        .as_f64()
        .unwrap();
    assert!((0.0..=1.0).contains(&share));

    let outlet = json!({
        "name": format!("{}商标品牌指导站", park["name"].as_str().unwrap()), "kind": "trademark_brand_station",
        "tier": "park", "region_code": park["code"], "address": "园区管委会一楼",
        "location": park["seat"], "phones": ["0354-3000000"]
    });
    let (status, created) = app
        .send(
            Method::POST,
            "/api/v1/outlets",
            Some(&app.admin_key),
            &outlet,
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let (_, after) = app.get(path).await;
    assert!(
        !park_gaps(&after).contains(&gaps[0]),
        "{:?}",
        park_gaps(&after)
    );
    assert_eq!(park_gaps(&after).len(), gaps.len() - 1);
    let area = (after["areas"].as_array().unwrap().iter())
        .find(|a| a["code"] == park["code"])
        .unwrap();
    assert_eq!(area["kinds"]["trademark_brand_station"]["nearest_km"], 0.0);

    let csv = app
        .client
        .get(format!("{}{path}", app.address))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(
        text.starts_with("\u{feff}code,name,level,kind,covered,nearest_km,nearest_outlet\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        1 + after["areas"].as_array().unwrap().len()
    );
    let geo = app
        .client
        .get(format!("{}{path}", app.address))
        .header("Accept", "application/geo+json")
        .send()
        .await
        .unwrap();
    let geo: Value = geo.json().await.unwrap();
    assert_eq!(
        geo["features"].as_array().unwrap().len(),
        after["gaps"].as_array().unwrap().len()
    );
    assert_eq!(
        app.get("/api/v1/coverage?region=140700&kinds=bakery")
            .await
            .0,
        400
    );
    assert_eq!(app.get("/api/v1/coverage?region=999999").await.0, 404);
}
