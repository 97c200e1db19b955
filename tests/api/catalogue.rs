//! Service matters, the `matter` filter, and opening hours on the official calendar.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, names, spawn_app};

const PINGYAO: &str = "lat=37.19&lng=112.18&coord_sys=gcj02";

#[tokio::test]
async fn nearest_by_matter_returns_only_outlets_offering_it() {
    let app = spawn_app().await;
    let (_, matter) = app.get("/api/v1/matters/patent_pledge_registration").await;
    assert_eq!(matter["name"], "专利权质押登记");
    assert_eq!(matter["promised_limit"]["confidence"], "low");
    let mut offering: Vec<String> = matter["outlet_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        offering.len(),
        2,
        "the patent agency office and the city service centre"
    );
    let (status, near) = app
        .get(&format!(
            "/api/v1/outlets/nearest?{PINGYAO}&matter=patent_pledge_registration&limit=10"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        names(&near),
        [
            "晋中市知识产权公共服务中心",
            "国家知识产权局专利局太原代办处"
        ]
    );
    let distances: Vec<f64> = items(&near)
        .iter()
        .map(|i| i["distance_m"].as_f64().unwrap())
        .collect();
    assert!(distances[0] < distances[1]);
    let mut found: Vec<String> = items(&near)
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    offering.sort();
    assert_eq!(found, offering);
    let (_, listed) = app
        .get("/api/v1/outlets?matter=patent_pledge_registration")
        .await;
    assert_eq!(items(&listed).len(), 2);
    assert_eq!(
        app.get(&format!("/api/v1/outlets/nearest?{PINGYAO}&matter=no_such"))
            .await
            .0,
        400
    );
    let (_, due) = app
        .get("/api/v1/matters/complaint_handling/due-date?start=2026-09-29")
        .await;
    assert_eq!(
        (
            due["legal"]["due"].as_str(),
            due["legal"]["confidence"].as_str()
        ),
        (Some("2026-10-14"), Some("medium"))
    );
    let (_, all) = app.get("/api/v1/matters").await;
    assert_eq!(items(&all).len(), 13);
    let (_, trademark) = app.get("/api/v1/matters?category=trademark").await;
    assert_eq!(items(&trademark).len(), 2);
}

fn guide(outlet_ids: Vec<String>) -> Value {
    json!({
        "name": "商标品牌培育指导", "name_en": "Trademark brand guidance", "category": "trademark",
        "description": "为企业提供商标注册、运用与保护指导。", "legal_basis": ["《中华人民共和国商标法》"],
        "applicants": "企业", "materials": [{ "name": "企业基本情况", "form": "copy", "copies": 1, "note": null }],
        "steps": [{ "name": "预约", "actor": "企业", "description": "电话或现场预约", "limit": null }],
        "outlet_ids": outlet_ids, "online_url": null, "fee": "不收费", "legal_limit": null,
        "promised_limit": { "days": 10, "day_kind": "working", "source": "测试", "confidence": "unverified" }
    })
}

#[tokio::test]
async fn admins_publish_matters_and_opening_hours() {
    let app = spawn_app().await;
    let (_, near) = app
        .get(&format!(
            "/api/v1/outlets/nearest?{PINGYAO}&kind=trademark_brand_station&limit=1"
        ))
        .await;
    let station = items(&near)[0]["id"].as_str().unwrap().to_owned();
    let key = Some(app.admin_key.as_str());
    let (status, created) = app
        .send(
            Method::PUT,
            "/api/v1/matters/brand_guidance",
            key,
            &guide(vec![station.clone()]),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    // Replacing needs the ETag; what GET answers goes back unchanged.
    let (status, _) = app
        .send(
            Method::PUT,
            "/api/v1/matters/brand_guidance",
            key,
            &guide(vec![station.clone()]),
        )
        .await;
    assert_eq!(status, 428);
    let (_, read) = app.get("/api/v1/matters/brand_guidance").await;
    let path = "/api/v1/matters/brand_guidance";
    let admin = app.admin_key.as_str();
    let (status, replaced) = app
        .send_if_match(Method::PUT, path, admin, &read, Some("\"1\""))
        .await;
    assert_eq!(
        (status, replaced["version"].as_i64()),
        (200, Some(2)),
        "{replaced}"
    );
    assert_eq!(replaced["name"], read["name"]);
    let (status, _) = app
        .send_if_match(Method::PUT, path, admin, &read, Some("\"1\""))
        .await;
    assert_eq!(status, 412);
    let mut other = read.clone();
    other["code"] = json!("another_matter");
    let (status, problem) = app
        .send_if_match(Method::PUT, path, admin, &other, Some("\"2\""))
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("code")));
    let (status, problem) = app
        .send(
            Method::PUT,
            "/api/v1/matters/brand_guidance",
            key,
            &guide(vec!["nope".into()]),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("outlet_ids"))
    );
    let mut many_copies = guide(vec![station.clone()]);
    many_copies["materials"][0]["copies"] = json!(101);
    let (status, problem) = app.send(Method::PUT, path, key, &many_copies).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("materials"))
    );
    // Past the lengths the document states, each field is named.
    for (field, value) in [
        ("description", json!("说".repeat(5001))),
        ("legal_basis", json!([" "])),
        ("fee", json!("元".repeat(501))),
        (
            "steps",
            json!([{ "name": "预约", "actor": "企业", "description": "步".repeat(2001), "limit": null }]),
        ),
    ] {
        let mut long = guide(vec![station.clone()]);
        long[field] = value;
        let (status, problem) = app.send(Method::PUT, path, key, &long).await;
        assert_eq!((status, problem["field"].as_str()), (422, Some(field)));
    }
    assert_eq!(
        app.send(Method::PUT, "/api/v1/matters/Bad Code", key, &guide(vec![]))
            .await
            .0,
        400
    );
    let (_, offered) = app.get(&format!("/api/v1/outlets/{station}/matters")).await;
    assert!(names(&offered).contains(&"商标品牌培育指导".to_string()));

    // Monday to Friday, 09:00–17:00, on the official calendar.
    let day = json!([{ "opens": "09:00", "closes": "17:00" }]);
    let hours = json!({ "weekly": { "mon": day, "tue": day, "wed": day, "thu": day, "fri": day } });
    assert_eq!(
        app.send(
            Method::PUT,
            &format!("/api/v1/outlets/{station}/hours"),
            Some(&app.operator_key),
            &hours
        )
        .await
        .0,
        403
    );
    let (status, stored) = app
        .send(
            Method::PUT,
            &format!("/api/v1/outlets/{station}/hours"),
            key,
            &hours,
        )
        .await;
    assert_eq!(status, 200, "{stored}");
    let open_at = |at: &str| {
        format!(
            "/api/v1/outlets/nearest?{PINGYAO}&kind=trademark_brand_station&limit=1&open_at={at}"
        )
    };
    let first_id = |body: &Value| {
        items(body)
            .first()
            .map(|i| i["id"].as_str().unwrap().to_owned())
    };
    // National Day: closed, so the nearest open brand station is another one (demo hours 08:30–17:30 are closed too).
    assert_ne!(
        first_id(&app.get(&open_at("2026-10-01T10:00%2B08:00")).await.1),
        Some(station.clone())
    );
    // The make-up Saturday: open with Monday's hours.
    assert_eq!(
        first_id(&app.get(&open_at("2026-10-10T10:00%2B08:00")).await.1),
        Some(station.clone())
    );
    // A plain Sunday: closed.
    assert_ne!(
        first_id(&app.get(&open_at("2026-10-11T10:00:00%2B08:00")).await.1),
        Some(station.clone())
    );
    let (_, listed) = app
        .get("/api/v1/outlets?open_at=2026-10-10T10:00+08:00&kind=trademark_brand_station")
        .await;
    assert!(
        items(&listed).iter().any(|i| i["id"] == station.as_str()),
        "an unencoded + is read as +"
    );
    let (status, problem) = app
        .get("/api/v1/outlets?open_at=2027-01-04T10:00:00%2B08:00")
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("open_at")));
    let (_, outlet) = app.get(&format!("/api/v1/outlets/{station}")).await;
    // Whatever today is, the computed opening must agree with the published hours.
    let opening = &outlet["opening"];
    assert!(
        opening.is_object(),
        "an outlet with hours carries its opening: {outlet}"
    );
    let today = opening["today"].as_array().cloned().unwrap_or_default();
    assert!(
        today
            .iter()
            .all(|i| *i == json!({ "opens": "09:00", "closes": "17:00" })),
        "{opening}"
    );
    if let Some(next) = opening["next_open_at"].as_str() {
        assert!(next.ends_with("T09:00:00+08:00"), "{next}");
    }
    let bad = json!({ "weekly": { "mon": [{ "opens": "17:00", "closes": "09:00" }] } });
    let (status, problem) = app
        .send(
            Method::PUT,
            &format!("/api/v1/outlets/{station}/hours"),
            key,
            &bad,
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("weekly.mon"))
    );
}

#[tokio::test]
async fn hours_by_day_opening_at_the_asked_time_and_closed_outlets() {
    let app = spawn_app().await;
    let pingyao = app.outlet_id("平遥县知识产权服务工作站").await;
    // National Day is closed; the make-up Saturday has the working-day hours.
    let (s, hours) = app
        .get(&format!(
            "/api/v1/outlets/{pingyao}/hours?from=2026-10-01&to=2026-10-10"
        ))
        .await;
    assert_eq!(s, 200, "{hours}");
    let days = hours["days"].as_array().unwrap();
    assert_eq!(days.len(), 10);
    assert_eq!(days[0]["intervals"], json!([]));
    assert_eq!(days[9]["date"], "2026-10-10");
    assert!(!days[9]["intervals"].as_array().unwrap().is_empty());
    let (s, one) = app
        .get(&format!("/api/v1/outlets/{pingyao}/hours?date=2026-10-10"))
        .await;
    assert_eq!((s, one["days"].as_array().map(Vec::len)), (200, Some(1)));
    let (s, _) = app
        .get(&format!("/api/v1/outlets/{pingyao}/hours?from=2026-10-10"))
        .await;
    assert_eq!(s, 400);

    // open_at takes any RFC 3339 offset, and the opening shown is at that time.
    let at = "2026-10-10T02:00:00Z"; // 10:00 in China
    let (s, open) = app
        .get(&format!(
            "/api/v1/outlets/nearest?{PINGYAO}&open_at={at}&limit=1"
        ))
        .await;
    assert_eq!(s, 200, "{open}");
    let first = &items(&open)[0];
    assert_eq!(first["opening"]["open_now"], true, "{first}");
    let (_, listed) = app
        .get(&format!("/api/v1/outlets?open_at={at}&limit=1"))
        .await;
    assert_eq!(items(&listed)[0]["opening"]["open_now"], true);

    // A full last page hands out no cursor to an empty one.
    let (_, all) = app
        .get(&format!("/api/v1/outlets/nearest?{PINGYAO}&limit=100"))
        .await;
    let n = items(&all).len();
    assert!(all["next_cursor"].is_null());
    let (_, exact) = app
        .get(&format!("/api/v1/outlets/nearest?{PINGYAO}&limit={n}"))
        .await;
    assert_eq!(items(&exact).len(), n);
    assert!(exact["next_cursor"].is_null(), "{}", exact["next_cursor"]);

    // A closed outlet shows no opening times and takes no new hours.
    let etag = app
        .etag(&format!("/api/v1/outlets/{pingyao}"), &app.admin_key)
        .await
        .unwrap();
    let path = format!("/api/v1/outlets/{pingyao}?reason=test");
    let (s, _) = app
        .send_if_match(
            Method::DELETE,
            &path,
            &app.admin_key,
            &json!(null),
            Some(&etag),
        )
        .await;
    assert_eq!(s, 200);
    let (_, closed) = app.get(&format!("/api/v1/outlets/{pingyao}")).await;
    assert!(closed["opening"].is_null(), "{closed}");
    assert_eq!(
        app.get(&format!("/api/v1/outlets/{pingyao}/hours")).await.0,
        404
    );
    let hours =
        json!({ "weekly": { "mon": [{ "opens": "09:00", "closes": "17:00" }] }, "exceptions": [] });
    let (s, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/outlets/{pingyao}/hours"),
            Some(&app.admin_key),
            &hours,
        )
        .await;
    assert_eq!(s, 409);
}
