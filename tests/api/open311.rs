//! Open311 GeoReport v2: a round trip (create, list, get, token) in JSON and
//! in XML, and the error arrays.

use ipr_service::domain::vocab::Role;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// The text of the first `<tag>` element.
fn xml_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = app
        .client
        .get(format!("{}/open311/v2/{path}", app.address))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, res.text().await.unwrap())
}

async fn post(app: &TestApp, format: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = app
        .client
        .post(format!("{}/open311/v2/requests.{format}", app.address))
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A trademark complaint in Pingyao, positioned in GCJ-02 as a map SDK sends it.
fn complaint<'a>(key: &'a str, service_code: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("api_key", key),
        ("service_code", service_code),
        ("attribute[kind]", "complaint"),
        ("description", "古城南大街有商户销售假冒注册商标的平遥牛肉"),
        ("lat", "37.1955"),
        ("long", "112.1879"),
        ("attribute[coord_sys]", "gcj02"),
        ("first_name", "小明"),
        ("last_name", "王"),
        ("phone", "13812341234"),
    ]
}

#[tokio::test]
async fn json_round_trip_create_list_get_token() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    let (status, content_type, body) = get(&app, "services.json").await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/json; charset=utf-8")
    );
    let services: Value = serde_json::from_str(&body).unwrap();
    let trademark = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == "trademark")
        .unwrap();
    assert_eq!(
        (
            trademark["service_name"].as_str(),
            trademark["metadata"].as_bool()
        ),
        (Some("商标"), Some(true))
    );
    assert!(
        trademark["group"].is_string()
            && trademark["keywords"]
                .as_str()
                .unwrap()
                .contains("trademark")
    );
    let (_, _, def) = get(&app, "services/trademark.json").await;
    let def: Value = serde_json::from_str(&def).unwrap();
    let kind = &def["attributes"][0];
    assert_eq!(
        (kind["code"].as_str(), kind["required"].as_bool()),
        (Some("kind"), Some(false)),
        "generic clients send no attributes: the kind has a default"
    );
    assert!(kind["values"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["key"] == "complaint"));

    let (status, created) = post(&app, "json", &complaint(&key, "trademark")).await;
    assert_eq!(status, 201, "{created}");
    let created: Value = serde_json::from_str(&created).unwrap();
    let id = created[0]["service_request_id"].as_str().unwrap();
    let token = created[0]["token"].as_str().unwrap();
    let (_, _, one) = get(&app, &format!("requests/{id}.json")).await;
    let one: Value = serde_json::from_str(&one).unwrap();
    let r = &one[0];
    assert_eq!(
        (
            r["service_request_id"].as_str(),
            r["status"].as_str(),
            r["service_code"].as_str()
        ),
        (Some(id), Some("open"), Some("trademark"))
    );
    assert!(
        r["agency_responsible"].as_str().unwrap().contains("平遥"),
        "{r}"
    );
    assert!(
        r["expected_datetime"]
            .as_str()
            .unwrap()
            .ends_with("T23:59:59+08:00"),
        "before acceptance, the latest answer date: {r}"
    );
    assert!(r["address"].as_str().unwrap().contains("平遥县"));
    assert!(
        r["description"].is_null() && r["lat"].is_null(),
        "confidential fields are withheld: {r}"
    );
    assert!(!one.to_string().contains("13812341234") && !one.to_string().contains("王小明"));
    let (_, _, listed) = get(&app, "requests.json").await;
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["service_request_id"] == id));
    let (_, _, closed) = get(&app, "requests.json?status=closed&service_code=trademark").await;
    assert_eq!(closed, "[]");
    let (_, _, by_token) = get(&app, &format!("tokens/{token}.json")).await;
    let by_token: Value = serde_json::from_str(&by_token).unwrap();
    assert_eq!(
        (
            by_token[0]["service_request_id"].as_str(),
            by_token[0]["token"].as_str()
        ),
        (Some(id), Some(token))
    );
    // The ticket is an ordinary hotline ticket, channel open311, reporter kept for the desk.
    let (_, ticket) = app
        .get_as(&format!("/api/v1/tickets?q={id}"), &app.operator_key)
        .await;
    let ticket = &ticket["items"][0];
    assert_eq!(
        (
            ticket["channel"].as_str(),
            ticket["reporter"]["name"].as_str()
        ),
        (Some("open311"), Some("王小明"))
    );
    // Once the outlet accepts, the handling due time is the expected time.
    let staff = app.key(Role::OutletStaff, ticket["outlet_id"].as_str());
    let ticket_id = ticket["id"].as_str().unwrap();
    let (status, _) = app
        .act(ticket_id, &staff, json!({ "action": "accept" }))
        .await;
    assert_eq!(status, 200);
    let (_, _, one) = get(&app, &format!("requests/{id}.json")).await;
    let expected = serde_json::from_str::<Value>(&one).unwrap()[0]["expected_datetime"].clone();
    assert!(
        expected.as_str().unwrap().ends_with("T23:59:59+08:00"),
        "{expected}"
    );
}

#[tokio::test]
async fn xml_round_trip_create_list_get_token() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    let (status, content_type, services) = get(&app, "services.xml").await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/xml; charset=utf-8")
    );
    assert!(services.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><services><service><service_code>patent</service_code>"));
    let (_, _, def) = get(&app, "services/patent.xml").await;
    assert!(
        def.contains("<attributes><attribute><variable>true</variable><code>kind</code>"),
        "{def}"
    );

    let (status, created) = post(&app, "xml", &complaint(&key, "trademark")).await;
    assert_eq!(status, 201, "{created}");
    let id = xml_text(&created, "service_request_id").unwrap().to_owned();
    let token = xml_text(&created, "token").unwrap().to_owned();
    let (_, _, one) = get(&app, &format!("requests/{id}.xml")).await;
    assert!(
        one.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><service_requests><request>")
    );
    assert_eq!(xml_text(&one, "status"), Some("open"));
    assert!(xml_text(&one, "agency_responsible")
        .unwrap()
        .contains("平遥"));
    let (_, _, listed) = get(&app, &format!("requests.xml?service_request_id={id}")).await;
    assert_eq!(xml_text(&listed, "service_request_id"), Some(id.as_str()));
    let (_, _, by_token) = get(&app, &format!("tokens/{token}.xml")).await;
    assert_eq!(xml_text(&by_token, "service_request_id"), Some(id.as_str()));
}

#[tokio::test]
async fn errors_are_open311_arrays_in_either_format() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    let auditor = app.key(Role::Auditor, None);
    let (status, body) = post(&app, "json", &complaint(&key, "parking")).await;
    assert_eq!(status, 400);
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(errors[0]["code"], 400);
    assert!(
        errors[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("service_code: "),
        "{errors}"
    );
    let (status, body) = post(&app, "xml", &complaint(&key, "parking")).await;
    assert_eq!((status, xml_text(&body, "code")), (400, Some("400")));
    assert!(xml_text(&body, "description")
        .unwrap()
        .starts_with("service_code: "));
    assert!(body.contains("<errors><error>"));

    let mut no_key = complaint(&key, "trademark");
    no_key.retain(|(name, _)| *name != "api_key");
    let (status, body) = post(&app, "json", &no_key).await;
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, errors[0]["code"].as_u64()), (403, Some(403)));
    assert!(errors[0]["description"]
        .as_str()
        .unwrap()
        .starts_with("api_key: "));
    let (status, body) = post(&app, "xml", &no_key).await;
    assert_eq!((status, xml_text(&body, "code")), (403, Some("403")));
    for bad_key in ["ipr_forged", auditor.as_str()] {
        assert_eq!(
            post(&app, "json", &complaint(bad_key, "trademark")).await.0,
            403
        );
    }

    let (status, _, body) = get(&app, "services/parking.json").await;
    assert_eq!(status, 404);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()[0]["code"],
        404
    );
    let (status, _, body) = get(&app, "requests/19990101-000001.xml").await;
    assert_eq!((status, xml_text(&body, "code")), (404, Some("404")));
    let (status, _, body) = get(&app, "requests.json?start_date=yesterday").await;
    assert_eq!(status, 400);
    assert!(body.contains("start_date: "), "{body}");
    let (status, _, _) = get(&app, "services.yaml").await;
    assert_eq!(status, 404);
    let mut missing = complaint(&key, "trademark");
    missing.retain(|(name, _)| *name != "description");
    let (status, body) = post(&app, "json", &missing).await;
    assert_eq!(status, 400);
    assert!(body.contains("description: "), "{body}");
}

#[tokio::test]
async fn anonymous_lists_show_only_open311_requests_never_reports_and_no_park() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    // A complaint through Open311, a report through Open311 and a phone report.
    let (s, _) = post(&app, "json", &complaint(&key, "trademark")).await;
    assert_eq!(s, 201);
    let mut report = complaint(&key, "trademark");
    report[2] = ("attribute[kind]", "report");
    let (s, body) = post(&app, "json", &report).await;
    assert_eq!(s, 201);
    let reported: Value = serde_json::from_str(&body).unwrap();
    let reported = reported[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = json!({
        "kind": "report", "category": "trademark", "channel": "phone",
        "subject": "举报假冒商标", "description": "某仓库存放假冒商标的白酒。",
        "region_code": "140728", "reporter": { "anonymous": true }
    });
    let (_, logged) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/tickets",
            Some(&app.operator_key),
            &phone,
        )
        .await;
    let by_phone = logged["tracking_number"].as_str().unwrap().to_owned();

    let (_, _, anonymous) = get(&app, "requests.json").await;
    let listed: Value = serde_json::from_str(&anonymous).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1, "only the Open311 complaint: {anonymous}");
    assert!(!ids.contains(&reported.as_str()) && !ids.contains(&by_phone.as_str()));
    assert!(
        !anonymous.contains("开发区"),
        "no park in the address: {anonymous}"
    );
    // Nor by number.
    assert_eq!(get(&app, &format!("requests/{by_phone}.json")).await.0, 404);
    assert_eq!(get(&app, &format!("requests/{reported}.json")).await.0, 404);
    // The client that filed the report sees it.
    let (s, _, own) = get(&app, &format!("requests.json?api_key={key}")).await;
    assert_eq!(s, 200);
    assert!(own.contains(&reported), "{own}");
    assert!(!own.contains(&by_phone), "{own}");
}

/// What a generic GeoReport v2 client sends: no attributes at all.
#[tokio::test]
async fn a_submission_with_only_the_core_fields_is_accepted_with_the_default_kind() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "trademark"),
        ("lat", "37.2015"),
        ("long", "112.1812"),
        ("description", "请问在平遥哪里可以办理商标注册？"),
        ("email", "citizen@example.cn"),
    ];
    let (status, body) = post(&app, "json", &form).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, _, definition) = get(&app, "services/trademark.json").await;
    let definition: Value = serde_json::from_str(&definition).unwrap();
    let kind = &definition["attributes"][0];
    assert_eq!(
        (kind["code"].as_str(), kind["required"].as_bool()),
        (Some("kind"), Some(false))
    );
    assert!(
        kind["description"].as_str().unwrap().contains("咨询"),
        "{kind}"
    );

    let (status, _, xml) = get(&app, &format!("requests/{id}.xml")).await;
    assert_eq!(status, 200, "{xml}");
    let expected = xml_text(&xml, "expected_datetime").unwrap_or_default();
    assert!(
        expected.starts_with("2026-") && expected.ends_with("+08:00"),
        "{xml}"
    );
    let (_, _, list) = get(&app, "requests.xml?service_code=trademark").await;
    assert!(list.contains(&id), "{list}");
    let ticket = app.ticket_id(&id).await;
    let (_, t) = app
        .get_as(&format!("/api/v1/tickets/{ticket}"), &app.operator_key)
        .await;
    assert_eq!(t["kind"], "enquiry", "{t}");
}

/// The form's fields are held to the lengths the document states, each on its
/// own: a description and an address each at their limit are taken together.
#[tokio::test]
async fn form_fields_are_held_to_their_documented_lengths() {
    let app = spawn_app().await;
    let key = app.key(Role::Open311Client, None);
    let (_, spec) = app.get("/openapi.json").await;
    let form_schema = &spec["components"]["schemas"]["Open311RequestForm"]["properties"];
    let max = |field: &str| form_schema[field]["maxLength"].as_u64().unwrap() as usize;
    let description = "商".repeat(max("description"));
    let address = "街".repeat(max("address_string"));
    let mut form = vec![
        ("api_key", key.clone()),
        ("service_code", "trademark".to_owned()),
        ("lat", "37.2015".to_owned()),
        ("long", "112.1812".to_owned()),
        ("description", description),
        ("address_string", address),
        ("email", "citizen@example.cn".to_owned()),
        ("last_name", "王".repeat(max("last_name"))),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = post(&app, "json", &pairs).await;
    assert_eq!(status, 201, "{body}");
    form.push(("first_name", "明".repeat(max("first_name") + 1)));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = post(&app, "json", &pairs).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("first_name"), "{body}");
}
