//! Spreadsheet exchange: every dataset survives export → import into an empty
//! database → export byte for byte; bad rows are refused by row number with
//! nothing applied; the command line writes the same file as the API.

use std::process::Command;

use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_empty_app, TestApp};

const DATASETS: [&str; 4] = ["regions", "outlets", "matters", "hours"];

async fn export(app: &TestApp, dataset: &str) -> Vec<u8> {
    let res = (app
        .client
        .get(format!("{}/api/v1/export/{dataset}.csv", app.address)))
    .bearer_auth(&app.admin_key)
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 200, "export {dataset}");
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(kind, "text/csv; charset=utf-8");
    res.bytes().await.unwrap().to_vec()
}

async fn import(app: &TestApp, dataset: &str, query: &str, body: Vec<u8>) -> (u16, Value) {
    let res = (app
        .client
        .post(format!("{}/api/v1/import/{dataset}{query}", app.address)))
    .bearer_auth(&app.admin_key)
    .header("Content-Type", "text/csv")
    .header("Accept-Language", "en")
    .body(body)
    .send()
    .await
    .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Gives the seeded directory a closed outlet, hours with an exception, and a
/// matter channel, so the files carry every kind of cell.
async fn enrich(app: &TestApp) -> String {
    let (_, list) = app.get("/api/v1/outlets?limit=3").await;
    let ids: Vec<String> = (list["items"].as_array().unwrap().iter())
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    let close = (app.client.delete(format!(
        "{}/api/v1/outlets/{}?reason=已并入市中心",
        app.address, ids[0]
    )))
    .bearer_auth(&app.admin_key)
    .header("If-Match", "\"1\"")
    .send()
    .await
    .unwrap();
    assert_eq!(close.status(), 200);
    let day =
        json!([{ "opens": "09:00", "closes": "12:00" }, { "opens": "13:30", "closes": "17:30" }]);
    let hours = json!({ "weekly": { "mon": day, "tue": day, "fri": day },
        "exceptions": [{ "date": "2026-12-31", "intervals": [], "reason": "年终盘点，暂停服务" }],
        "open_on_makeup_days": false, "note": "周三、周四到县中心办理" });
    let res = (app
        .client
        .put(format!("{}/api/v1/outlets/{}/hours", app.address, ids[1])))
    .bearer_auth(&app.admin_key)
    .json(&hours)
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    ids[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dataset_round_trips_through_an_empty_database_byte_for_byte() {
    let source = spawn_app().await;
    let closed = enrich(&source).await;
    let mut files = Vec::new();
    for dataset in DATASETS {
        let file = export(&source, dataset).await;
        assert!(
            file.starts_with("\u{feff}".as_bytes()),
            "{dataset} starts with a BOM"
        );
        let lines = String::from_utf8_lossy(&file).lines().count();
        assert!(lines > 2, "{dataset} has rows: {lines}");
        files.push(file);
    }
    let outlets = String::from_utf8(files[1].clone()).unwrap();
    assert!(outlets
        .lines()
        .any(|l| l.starts_with(&closed) && l.contains(",closed,")));
    let hours = String::from_utf8(files[3].clone()).unwrap();
    assert!(hours.contains("09:00-12:00 13:30-17:30") && hours.contains("年终盘点"));

    let copy = spawn_empty_app().await;
    for (dataset, file) in DATASETS.iter().zip(&files) {
        let (status, report) = import(&copy, dataset, "", file.clone()).await;
        assert_eq!(status, 200, "{dataset}: {report}");
        assert!(report["created"].as_u64().unwrap() > 0, "{report}");
        assert_eq!(report["refused"], json!([]));
    }
    for (dataset, file) in DATASETS.iter().zip(&files) {
        let again = export(&copy, dataset).await;
        assert!(
            again == *file,
            "{dataset} differs after the round trip:\n{}",
            String::from_utf8_lossy(&again)
        );
    }
    // The same file into the database it came from changes nothing.
    for (dataset, file) in DATASETS.iter().zip(&files) {
        let (status, report) = import(&source, dataset, "", file.clone()).await;
        assert_eq!(status, 200, "{report}");
        let rows = report["rows"].as_u64().unwrap();
        assert_eq!(
            (
                report["created"].as_u64(),
                report["updated"].as_u64(),
                report["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(rows))
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_three_bad_rows_is_refused_by_row_and_applies_nothing() {
    let app = spawn_app().await;
    let header = "id,name,kind,tier,region_code,address,lng,lat,status\n";
    let good = |n: u32| {
        format!(",平遥古城商标品牌指导站{n},trademark_brand_station,county,140728,平遥县古城{n}号,112.18,37.2{n},normal\n")
    };
    let body = [
        header.to_owned(),
        good(1),
        ",坏类型,bogus_kind,county,140728,平遥县,112.18,37.20,\n".into(),
        good(2),
        ",巴黎,trademark_brand_station,county,140728,法国巴黎,2.35,48.85,\n".into(),
        ",无区划,trademark_brand_station,county,,平遥县,112.18,37.20,\n".into(),
        good(3),
    ]
    .concat();
    let (_, before) = app
        .get("/api/v1/outlets?limit=100&include_closed=true")
        .await;
    let (status, problem) = import(&app, "outlets", "", body.clone().into_bytes()).await;
    assert_eq!(status, 422, "{problem}");
    let rows: Vec<(u64, &str)> = (problem["rows"].as_array().unwrap().iter())
        .map(|r| (r["row"].as_u64().unwrap(), r["column"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(3, "kind"), (5, "lng"), (6, "region_code")]);
    assert_eq!(problem["field"], "kind");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("3 rows refused"),
        "{problem}"
    );
    let (_, after) = app
        .get("/api/v1/outlets?limit=100&include_closed=true")
        .await;
    assert_eq!(before["items"], after["items"], "nothing applied");

    let (status, report) = import(&app, "outlets", "?apply=valid", body.into_bytes()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["created"].as_u64(),
            report["refused"].as_array().map(Vec::len)
        ),
        (Some(3), Some(3))
    );
    let (_, found) = app
        .get("/api/v1/outlets?q=平遥古城商标品牌指导站&limit=10")
        .await;
    let named = (found["items"].as_array().unwrap().iter())
        .filter(|o| {
            o["name"]
                .as_str()
                .unwrap()
                .starts_with("平遥古城商标品牌指导站")
        })
        .count();
    assert_eq!(named, 3, "{found}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_csv_or_name_unknown_columns_are_refused_clearly() {
    let app = spawn_app().await;
    let (status, problem) = import(&app, "outlets", "", b"id,colour\n1,red\n".to_vec()).await;
    assert_eq!(
        (
            status,
            problem["rows"][0]["row"].as_u64(),
            problem["field"].as_str()
        ),
        (422, Some(1), Some("colour"))
    );
    let (status, problem) = import(&app, "outlets", "", vec![0xff, 0xfe, b'i', b'd', b'\n']).await;
    assert_eq!(status, 422, "{problem}");
    let nul = b"id,name\n,\xe5\xb9\xb3\0\n".to_vec();
    let (status, problem) = import(&app, "outlets", "", nul).await;
    assert_eq!(
        (
            status,
            problem["rows"][0]["row"].as_u64(),
            problem["field"].as_str()
        ),
        (422, Some(2), Some("name")),
        "a NUL character, which PostgreSQL cannot store: {problem}"
    );
    let (status, _) = import(&app, "galaxies", "", b"id\n".to_vec()).await;
    assert_eq!(status, 404);
    let res = (app
        .client
        .post(format!("{}/api/v1/import/outlets", app.address)))
    .bearer_auth(&app.admin_key)
    .json(&json!([]))
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 415);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_exports_what_the_api_exports_and_imports_it() {
    let app = spawn_app().await;
    let url = app.database_url();
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ipr-service"))
            .args(args)
            .env("IPR_DATABASE_URL", &url)
            .env("IPR_SECRET_KEY", "0123456789abcdef".repeat(4))
            .env_remove("IPR_CONFIG")
            .output()
            .unwrap()
    };
    let out = cli(&["export", "outlets", "--coord-sys", "gcj02"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let res = (app.client.get(format!(
        "{}/api/v1/export/outlets.csv?coord_sys=gcj02",
        app.address
    )))
    .bearer_auth(&app.admin_key)
    .send()
    .await
    .unwrap();
    assert!(res.bytes().await.unwrap() == out.stdout);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("outlets.csv");
    let renamed = String::from_utf8(out.stdout)
        .unwrap()
        .replacen("太谷区", "太谷区（改）", 1);
    std::fs::write(&file, renamed).unwrap();
    let out = cli(&[
        "import",
        "outlets",
        file.to_str().unwrap(),
        "--coord-sys",
        "gcj02",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("1 updated"), "{stderr}");
}
