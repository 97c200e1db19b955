//! Jurisdiction from imported boundaries: bulk import checked feature by
//! feature, exact answers inside polygons whatever the nearest seats say,
//! simplified output for maps, and the consistency report.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn rect(code: &str, (w, s, e, n): (f64, f64, f64, f64)) -> Value {
    // Clockwise on purpose: the import repairs ring orientation.
    json!({ "type": "Feature", "properties": { "adcode": code }, "geometry": { "type": "Polygon",
        "coordinates": [[[w, s], [w, n], [e, n], [e, s], [w, s]]] } })
}

fn collection() -> Value {
    let bowtie = json!({ "type": "Feature", "properties": { "adcode": "140723" }, "geometry": {
        "type": "Polygon", "coordinates": [[[113.5, 37.2], [113.8, 37.5], [113.8, 37.2], [113.5, 37.5], [113.5, 37.2]]] } });
    json!({ "type": "FeatureCollection", "features": [
        rect("140429", (112.6, 36.6, 113.2, 37.0)),   // 武乡县, 长治市
        rect("140722", (113.2, 36.8, 113.7, 37.3)),   // 左权县, 晋中市
        rect("999999", (100.0, 30.0, 100.5, 30.5)),
        bowtie,                                       // 和顺县, self-intersecting
    ]})
}

async fn chain(app: &crate::helpers::TestApp, lng: f64, lat: f64) -> Vec<(String, bool)> {
    let (_, body) = app
        .get(&format!("/api/v1/regions/locate?lng={lng}&lat={lat}"))
        .await;
    (body["chain"].as_array().unwrap().iter())
        .map(|l| {
            (
                l["region"]["code"].as_str().unwrap().to_owned(),
                l["approximate"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_bulk_import_refuses_exactly_the_bad_features_and_applies_all_or_nothing() {
    let app = spawn_app().await;
    // Inside 武乡县 (长治市) but nearer seats of 晋中市: before the import, the wrong city.
    let before = chain(&app, 113.15, 36.95).await;
    assert!(before[0].1 && before[0].0 != "140429", "{before:?}");
    assert_eq!(before[1], ("140700".into(), true));
    let path = "/api/v1/boundaries?code_property=adcode";
    let (status, problem) = app
        .send(Method::PUT, path, Some(&app.admin_key), &collection())
        .await;
    assert_eq!(status, 422, "{problem}");
    let refused: Vec<(u64, &str)> = (problem["refused"].as_array().unwrap().iter())
        .map(|r| (r["feature"].as_u64().unwrap(), r["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        refused,
        [
            (2, "features[2].properties.adcode"),
            (3, "features[3].geometry")
        ]
    );
    assert_eq!(problem["field"], "features[2].properties.adcode");
    assert_eq!(
        app.get("/api/v1/regions/140429/boundary").await.0,
        404,
        "nothing applied"
    );

    let (status, report) = app
        .send(
            Method::PUT,
            &format!("{path}&apply_valid=true"),
            Some(&app.admin_key),
            &collection(),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["applied"].as_u64(),
            report["refused"].as_array().unwrap().len()
        ),
        (Some(2), 2)
    );
    let exact = |c: &str| (c.to_string(), false);
    assert_eq!(
        chain(&app, 113.15, 36.95).await,
        [exact("140429"), exact("140400"), exact("140000")]
    );
    assert_eq!(
        chain(&app, 113.25, 37.1).await,
        [exact("140722"), exact("140700"), exact("140000")]
    );
    // Outside every polygon: nearest seat, approximate, as before.
    assert!(chain(&app, 112.55, 37.69)
        .await
        .iter()
        .all(|(_, approximate)| *approximate));
    // The import is in the audit trail, one entry per region.
    let auditor = app.key(ipr_service::domain::vocab::Role::Auditor, None);
    let (_, audit) = app
        .get_as("/api/v1/audit/events?action=boundary.import", &auditor)
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn boundaries_are_served_simplified_and_checked_against_each_other() {
    let app = spawn_app().await;
    // A detailed outline of 武乡县: 400 points along a wavy edge.
    let mut ring: Vec<[f64; 2]> = (0..400)
        .map(|k| {
            let x = 112.6 + 0.6 * k as f64 / 399.0;
            [x, 36.6 + 0.00001 * (k % 2) as f64]
        })
        .collect();
    ring.extend([[113.2, 37.0], [112.6, 37.0], [112.6, 36.6]]);
    let detailed = json!({ "type": "FeatureCollection", "features": [
        { "type": "Feature", "properties": { "code": "140429" }, "geometry": { "type": "Polygon", "coordinates": [ring] } },
        rect("140428", (112.5, 36.0, 113.0, 36.7)),   // 长子县, overlapping 武乡县 by 0.1°
    ]});
    let mut detailed = detailed;
    detailed["features"][1]["properties"] = json!({ "code": "140428" });
    let (status, body) = app
        .send(
            Method::PUT,
            "/api/v1/boundaries",
            Some(&app.admin_key),
            &detailed,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let full = app.get("/api/v1/regions/140429/boundary").await.1;
    let simple = app
        .get("/api/v1/regions/140429/boundary?simplify=100&coord_sys=gcj02")
        .await
        .1;
    let count = |g: &Value| g["coordinates"][0][0].as_array().unwrap().len();
    assert!(
        count(&full) > 400 && count(&simple) < 10,
        "{} -> {}",
        count(&full),
        count(&simple)
    );
    assert_eq!(
        app.get("/api/v1/regions/140429/boundary?simplify=0")
            .await
            .0,
        400
    );
    let (status, report) = app.get("/api/v1/boundaries/report?region=140400").await;
    assert_eq!(status, 200, "{report}");
    let overlap = &report["overlaps"][0];
    assert_eq!(
        (overlap["a"].as_str(), overlap["b"].as_str()),
        (Some("140428"), Some("140429"))
    );
    let km2 = overlap["km2"].as_f64().unwrap();
    assert!(
        (380.0..420.0).contains(&km2),
        "0.1° × 0.4° at 36.6° N ≈ 11.1 km × 35.7 km: {km2}"
    );
    assert_eq!(report["with_boundary"], 2);
    assert!(report["without_boundary"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "140402" || c == "140403" || c == "140404"));
    assert_eq!(
        app.get("/api/v1/boundaries/report?region=999999").await.0,
        404
    );
}

#[test]
fn the_cli_import_reports_refusals_and_applies_valid_ones_only_when_asked() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let file = dir.path().join("counties.geojson");
    std::fs::write(&file, collection().to_string()).unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ipr-service"))
            .args(["import", "boundaries"])
            .arg(&file)
            .args(["--code-property", "adcode"])
            .args(extra)
            .env("IPR_DATABASE_URL", format!("sqlite://{}", db.display()))
            .env_remove("IPR_CONFIG")
            .output()
            .unwrap()
    };
    let migrate = Command::new(env!("CARGO_BIN_EXE_ipr-service"))
        .args(["seed"])
        .env("IPR_DATABASE_URL", format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(
        stderr.contains("refused feature 2 (999999)")
            && stderr.contains("refused feature 3 (140723)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing stored"), "{stderr}");
    let applied = run(&["--apply-valid"]);
    let stderr = String::from_utf8_lossy(&applied.stderr);
    assert!(applied.status.success(), "{stderr}");
    assert!(
        stderr.contains("stored 2 boundaries, refused 2"),
        "{stderr}"
    );
}
