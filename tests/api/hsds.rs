//! Open Referral HSDS 3.0: what `/hsds/v3` answers validates against the
//! published schemas (tests/hsds/schema, CC BY-SA 4.0), NDJSON streams one
//! object per line, and the Tabular Data Package holds what its
//! `datapackage.json` describes.

use std::io::Read;
use std::path::Path;

use jsonschema::{Resource, Validator};
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

const BASE: &str = "https://hsds.test/schema/";

/// A validator for one HSDS table, with every schema file it may reference.
fn validator(table: &str) -> Validator {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hsds/schema");
    let mut options = jsonschema::options()
        .with_base_uri(format!("{BASE}{table}.json"))
        .should_validate_formats(true);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        options = options.with_resource(
            format!("{BASE}{name}"),
            Resource::from_contents(schema).unwrap(),
        );
    }
    let root: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{table}.json"))).unwrap())
            .unwrap();
    options.build(&root).expect("the HSDS schema compiles")
}

fn assert_valid(validator: &Validator, table: &str, value: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{table} invalid: {errors:?}\n{value:#}");
}

async fn page(app: &TestApp, path: &str) -> Value {
    let (status, body) = app.get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    for key in [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
    ] {
        assert!(
            body.get(key).is_some(),
            "{path}: the Page envelope has {key}"
        );
    }
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hsds_answer_validates_against_the_hsds_3_schemas() {
    let app = spawn_app().await;
    let (status, about) = app.get("/hsds/v3/").await;
    assert_eq!((status, about["version"].as_str()), (200, Some("3.0")));

    let cases = [
        (
            "service",
            "/hsds/v3/services?per_page=1000",
            "/hsds/v3/services/",
        ),
        (
            "organization",
            "/hsds/v3/organizations?per_page=1000",
            "/hsds/v3/organizations/",
        ),
        (
            "location",
            "/hsds/v3/locations?per_page=1000",
            "/hsds/v3/locations/",
        ),
        (
            "service_at_location",
            "/hsds/v3/service_at_locations?per_page=1000",
            "/hsds/v3/service_at_locations/",
        ),
    ];
    for (table, list, one) in cases {
        let v = validator(table);
        // The validator does reject: an object without its id, with a bad uuid.
        assert!(!v.is_valid(
            &serde_json::json!({ "name": "x", "status": "active", "location_type": "physical" })
        ));
        assert!(!v.is_valid(&serde_json::json!({ "id": "not-a-uuid", "name": "x", "description": "x", "status": "active", "location_type": "physical" })));
        let body = page(&app, list).await;
        let contents = body["contents"].as_array().unwrap();
        assert!(!contents.is_empty(), "{table}: the seed has some");
        assert_eq!(body["total_items"].as_u64(), Some(contents.len() as u64));
        for item in contents {
            assert_valid(&v, table, item);
        }
        // The full forms, for a sample.
        for item in contents.iter().step_by(contents.len().div_ceil(5)) {
            let (status, full) = app
                .get(&format!("{one}{}", item["id"].as_str().unwrap()))
                .await;
            assert_eq!(status, 200, "{full}");
            assert_valid(&v, table, &full);
        }
    }
    // A service in full carries its organization, location and schedules.
    let services = page(&app, "/hsds/v3/services?per_page=1000").await;
    let id = services["contents"][0]["id"].as_str().unwrap().to_owned();
    let (_, full) = app.get(&format!("/hsds/v3/services/{id}")).await;
    assert!(full["organization"]["name"].is_string(), "{full:#}");
    let location = &full["service_at_locations"][0]["location"];
    assert!(
        location["latitude"].is_number() && location["addresses"][0]["country"] == "CN",
        "{full:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_page_filter_and_stream_as_ndjson() {
    let app = spawn_app().await;
    let all = page(&app, "/hsds/v3/services?per_page=1000").await;
    let total = all["total_items"].as_u64().unwrap();
    let first = page(&app, "/hsds/v3/services?per_page=7&page=2").await;
    assert_eq!(
        (first["size"].as_u64(), first["page_number"].as_u64()),
        (Some(7), Some(2))
    );
    assert_eq!(first["contents"][0], all["contents"][7]);
    assert_eq!(first["total_pages"].as_u64(), Some(total.div_ceil(7)));

    let res = app
        .client
        .get(format!("{}/hsds/v3/services?format=ndjson", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/x-ndjson");
    let text = res.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len() as u64,
        total,
        "one object per line, all of them"
    );
    assert_eq!(lines[0], all["contents"][0]);

    let searched = page(
        &app,
        "/hsds/v3/organizations?search=商标品牌指导站&per_page=1000",
    )
    .await;
    let names: Vec<&str> = searched["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.contains("商标品牌指导站")),
        "{names:?}"
    );
    let future = page(&app, "/hsds/v3/services?modified_after=2099-01-01").await;
    assert_eq!(
        (future["empty"].as_bool(), future["total_items"].as_u64()),
        (Some(true), Some(0))
    );
    let (status, problem) = app.get("/hsds/v3/services?taxonomy_id=x").await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("taxonomy_id"))
    );
    // The page number's documented range is 1..=4294967295: past it is refused, not wrapped.
    let beyond = page(&app, "/hsds/v3/services?page=4294967295").await;
    assert_eq!(beyond["contents"].as_array().map(Vec::len), Some(0));
    for bad in ["page=0", "page=4294967296"] {
        let (status, problem) = app.get(&format!("/hsds/v3/services?{bad}")).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some("page")),
            "{bad}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tabular_data_package_holds_what_its_descriptor_lists() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/hsds/v3/datapackage.zip", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/zip");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut descriptor = String::new();
    zip.by_name("datapackage.json")
        .unwrap()
        .read_to_string(&mut descriptor)
        .unwrap();
    let descriptor: Value = serde_json::from_str(&descriptor).unwrap();
    assert_eq!(descriptor["profile"], "tabular-data-package");
    let organizations = page(&app, "/hsds/v3/organizations?per_page=1000").await;
    for resource in descriptor["resources"].as_array().unwrap() {
        let mut text = String::new();
        zip.by_name(resource["path"].as_str().unwrap())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let fields: Vec<&str> = (resource["schema"]["fields"].as_array().unwrap().iter())
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields, "{}", resource["path"]);
        let rows = reader.records().count();
        if resource["name"] == "organization" {
            assert_eq!(rows as u64, organizations["total_items"].as_u64().unwrap());
        }
        // The seeded network publishes no phone numbers.
        let may_be_empty =
            ["phone", "required_document"].contains(&resource["name"].as_str().unwrap());
        assert!(rows > 0 || may_be_empty, "{} has rows", resource["path"]);
    }
}
