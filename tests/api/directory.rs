//! Reading the directory: nearest, lists, regions and jurisdiction.

use crate::helpers::{items, names, spawn_app};

const PINGYAO: &str = "lat=37.19&lng=112.18&coord_sys=gcj02";

#[tokio::test]
async fn nearest_lists_pingyao_outlets_first_with_distances() {
    let app = spawn_app().await;
    let (status, body) = app
        .get(&format!("/api/v1/outlets/nearest?{PINGYAO}&limit=3"))
        .await;
    assert_eq!(status, 200);
    let list = items(&body);
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["name"], "平遥县知识产权服务工作站");
    assert_eq!(list[1]["name"], "平遥牛肉商标品牌指导站");
    let distances: Vec<f64> = list
        .iter()
        .map(|i| i["distance_m"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(distances[0] < 1_000.0);
    assert!(list
        .iter()
        .all(|i| i["region_code"].as_str().unwrap().starts_with("140728")));
    // Positions come back in the requested system: the GCJ-02 seed position, not WGS-84.
    assert_eq!(list[0]["location"]["lng"], 112.1761);
    assert_eq!(list[0]["location"]["lat"], 37.1894);
}

#[tokio::test]
async fn nearest_filters_page_and_convert_coordinates() {
    let app = spawn_app().await;
    let base = format!("/api/v1/outlets/nearest?{PINGYAO}");
    // A kind filter is applied inside the search: the page is full of that kind.
    let (_, body) = app
        .get(&format!("{base}&kind=trademark_brand_station&limit=2"))
        .await;
    assert_eq!(
        names(&body),
        ["平遥牛肉商标品牌指导站", "祁县玻璃器皿商标品牌指导站"]
    );
    let cursor = body["next_cursor"].as_str().expect("more pages");
    let (_, next) = app
        .get(&format!(
            "{base}&kind=trademark_brand_station&limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(
        names(&next),
        ["介休市商标品牌指导站", "太谷饼商标品牌指导站"]
    );
    // The last page is full, and hands out no cursor to an empty one.
    assert!(next["next_cursor"].is_null(), "{next}");
    // Region means the region and everything under it (the Pingyao park too).
    let (_, body) = app.get(&format!("{base}&region=140728&limit=10")).await;
    assert_eq!(items(&body).len(), 3);
    let (_, body) = app.get(&format!("{base}&region=140728&tier=park")).await;
    assert_eq!(names(&body), ["山西平遥经济技术开发区知识产权服务工作站"]);
    let (_, body) = app.get(&format!("{base}&radius_m=1000")).await;
    assert_eq!(items(&body).len(), 2);
    // The same outlet in BD-09 is offset from GCJ-02 by a few hundred metres.
    let (_, bd) = app
        .get("/api/v1/outlets/nearest?lat=37.19&lng=112.18&coord_sys=gcj02&limit=1")
        .await;
    let id = items(&bd)[0]["id"].as_str().unwrap().to_owned();
    let (_, wgs) = app.get(&format!("/api/v1/outlets/{id}")).await;
    let (_, baidu) = app
        .get(&format!("/api/v1/outlets/{id}?coord_sys=bd09"))
        .await;
    let d_lng =
        baidu["location"]["lng"].as_f64().unwrap() - wgs["location"]["lng"].as_f64().unwrap();
    assert!((0.005..0.02).contains(&d_lng), "BD-09 offset {d_lng}");
}

#[tokio::test]
async fn lists_filter_search_page_and_speak_geojson() {
    let app = spawn_app().await;
    let (_, body) = app
        .get("/api/v1/outlets?region=140700&tier=county&limit=5")
        .await;
    assert_eq!(items(&body).len(), 5);
    let cursor = body["next_cursor"].as_str().unwrap();
    let (_, rest) = app
        .get(&format!(
            "/api/v1/outlets?region=140700&tier=county&limit=100&cursor={cursor}"
        ))
        .await;
    assert_eq!(
        items(&rest).len(),
        9,
        "11 county workstations and 3 county brand stations"
    );
    let (_, body) = app.get("/api/v1/outlets?q=%E5%B9%B3%E9%81%A5").await; // q=平遥
    assert_eq!(items(&body).len(), 3);
    let (_, body) = app
        .get("/api/v1/outlets?bbox=112.1,37.1,112.3,37.3&coord_sys=gcj02")
        .await;
    assert_eq!(items(&body).len(), 3);
    let res = app
        .client
        .get(format!(
            "{}/api/v1/outlets?kind=protection_center",
            app.address
        ))
        .header("Accept", "application/geo+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    let fc: serde_json::Value = res.json().await.unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"][0]["geometry"]["type"], "Point");
    assert_eq!(
        fc["features"][0]["properties"]["name"],
        "山西省知识产权保护中心"
    );
}

#[tokio::test]
async fn regions_and_jurisdiction_chain() {
    let app = spawn_app().await;
    let (_, region) = app.get("/api/v1/regions/140728").await;
    assert_eq!(
        (region["name"].as_str(), region["tier"].as_str()),
        (Some("平遥县"), Some("county"))
    );
    let (_, children) = app.get("/api/v1/regions/140728/children").await;
    assert_eq!(names(&children), ["山西平遥经济技术开发区"]);
    let (_, provinces) = app.get("/api/v1/regions?level=province&limit=100").await;
    assert_eq!(items(&provinces).len(), 34);
    let (_, body) = app.get(&format!("/api/v1/regions/locate?{PINGYAO}")).await;
    let chain = body["chain"].as_array().unwrap();
    let tiers: Vec<_> = chain
        .iter()
        .map(|c| {
            (
                c["tier"].as_str().unwrap(),
                c["region"]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            ("county", "140728"),
            ("city", "140700"),
            ("province", "140000")
        ]
    );
    assert!(chain
        .iter()
        .all(|c| c["approximate"] == true && c["method"] == "nearest_seat"));
    assert_eq!(
        names(&serde_json::json!({ "items": chain[0]["outlets"] })).len(),
        2
    );
    // Near the park centre the park heads the chain.
    let (_, body) = app
        .get("/api/v1/regions/locate?lat=37.2150&lng=112.2050&coord_sys=gcj02")
        .await;
    assert_eq!(body["chain"][0]["region"]["code"], "140728P01");
    assert_eq!(
        body["chain"][0]["outlets"][0]["name"],
        "山西平遥经济技术开发区知识产权服务工作站"
    );
    // Taigu has no seat in regions.csv; the seed takes it from the county workstation.
    let (_, body) = app
        .get("/api/v1/regions/locate?lat=37.4213&lng=112.5515&coord_sys=gcj02")
        .await;
    assert_eq!(body["chain"][0]["region"]["name"], "太谷区");
    let (status, _) = app.get("/api/v1/regions/locate?lat=51.5&lng=-0.13").await;
    assert_eq!(status, 404);
}

/// Phones on 4G pay for every byte: a nearest answer is gzip- (preferred) or
/// brotli-compressed when the client accepts it, and decodes to the same JSON.
#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it() {
    use std::io::Read;
    let app = crate::helpers::spawn_app().await;
    let url = format!(
        "{}/api/v1/outlets/nearest?lat=37.69&lng=112.75&limit=10",
        app.address
    );
    let plain = app.client.get(&url).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert!(plain.len() > 1024, "{} bytes", plain.len());
    for (accept, coding) in [
        ("gzip, br", "gzip"),
        ("br", "br"),
        ("gzip;q=0, br", "br"),
        ("br;q=0, gzip", "gzip"),
    ] {
        let res = app
            .client
            .get(&url)
            .header("Accept-Encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], coding, "{accept}");
        assert!(res.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding"));
        let body = res.bytes().await.unwrap();
        assert!(
            body.len() * 3 < plain.len(),
            "{coding}: {} of {} bytes",
            body.len(),
            plain.len()
        );
        let mut decoded = Vec::new();
        match coding {
            "br" => brotli::Decompressor::new(&body[..], 4096)
                .read_to_end(&mut decoded)
                .unwrap(),
            _ => flate2::read::GzDecoder::new(&body[..])
                .read_to_end(&mut decoded)
                .unwrap(),
        };
        let a: serde_json::Value = serde_json::from_slice(&decoded).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(a, b);
    }
    let small = app
        .client
        .get(format!("{}/health", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(
        small.headers().get("content-encoding").is_none(),
        "small answers go as they are"
    );
}

#[tokio::test]
async fn sparse_answers_carry_only_the_members_asked_for() {
    let app = spawn_app().await;
    let (status, body) = app
        .get("/api/v1/outlets/nearest?lat=37.19&lng=112.17&limit=3&fields=id,name,location,distance_m")
        .await;
    assert_eq!(status, 200, "{body}");
    for item in items(&body) {
        let keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["id", "name", "location", "distance_m"]);
    }
    assert!(body["next_cursor"].is_string());
    let res = app
        .client
        .get(format!(
            "{}/api/v1/outlets?region=140728&fields=name,kind",
            app.address
        ))
        .header("Accept", "application/geo+json")
        .send()
        .await
        .unwrap();
    let geo: serde_json::Value = res.json().await.unwrap();
    let feature = &geo["features"][0];
    assert_eq!(feature["geometry"]["type"], "Point");
    let keys: Vec<&str> = (feature["properties"].as_object().unwrap().keys())
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["name", "kind"]);
    for bad in [
        "/api/v1/outlets?fields=id,colour",
        "/api/v1/outlets?fields=id,distance_m",
    ] {
        let (status, problem) = app.get(bad).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some("fields")),
            "{bad}"
        );
    }
}
