//! Every error is an RFC 9457 problem document in the requested language.

use crate::helpers::spawn_app;

#[tokio::test]
async fn errors_are_localized_problem_documents() {
    let app = spawn_app().await;
    let cases: [(&str, &str, u16, Option<&str>); 8] = [
        ("GET", "/api/v1/no/such/path", 404, None),
        ("PUT", "/api/v1/regions", 405, None),
        (
            "GET",
            "/api/v1/outlets/nearest?lat=91&lng=112",
            400,
            Some("lat"),
        ),
        (
            "GET",
            "/api/v1/outlets/nearest?lat=37&lng=181",
            400,
            Some("lng"),
        ),
        (
            "GET",
            "/api/v1/outlets/nearest?lat=abc&lng=112",
            400,
            Some("lat"),
        ),
        (
            "GET",
            "/api/v1/outlets/nearest?lat=37&lng=112&tier=village",
            400,
            Some("tier"),
        ),
        ("GET", "/api/v1/outlets?limit=0", 400, Some("limit")),
        ("GET", "/api/v1/outlets?cursor=bogus", 400, Some("cursor")),
    ];
    for (method, path, status, field) in cases {
        for (lang, title_has_cjk) in [("en", false), ("zh-CN,zh;q=0.9", true)] {
            let res = app
                .client
                .request(method.parse().unwrap(), format!("{}{path}", app.address))
                .header("Accept-Language", lang)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), status, "{method} {path}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
            let problem: serde_json::Value = res.json().await.unwrap();
            assert_eq!(problem["status"], status);
            assert_eq!(problem["field"].as_str(), field, "{problem}");
            assert_eq!(
                problem["instance"].as_str().unwrap(),
                path.split('?').next().unwrap()
            );
            let title = problem["title"].as_str().unwrap();
            assert_eq!(
                title.chars().any(|c| c > '\u{2e80}'),
                title_has_cjk,
                "{lang}: {title}"
            );
        }
    }
    // A path without parameters takes precedence over a templated one, as in
    // OpenAPI: `/outlets/nearest` is not the outlet with id `nearest`, and
    // `PUT /knowledge/review` does not replace an entry `review`.
    for (method, path) in [
        ("PUT", "/api/v1/outlets/nearest"),
        ("DELETE", "/api/v1/outlets/nearest"),
        ("PUT", "/api/v1/knowledge/review"),
    ] {
        let res = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.address))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 405, "{method} {path}");
        assert_eq!(res.headers()["allow"], "GET", "{method} {path}");
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["instance"], path);
    }
}

#[tokio::test]
async fn every_get_refuses_an_unknown_query_parameter_by_name() {
    let app = spawn_app().await;
    let auditor = app.key(ipr_service::domain::vocab::Role::Auditor, None);
    let (_, doc) = app.get("/openapi.json").await;
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        // Health checks and Open311's own paths keep their protocols' leniency.
        if item.get("get").is_none() || path == "/health" || path.starts_with("/open311") {
            continue;
        }
        let concrete: String = path
            .split('/')
            .map(|seg| match seg.split_once('}') {
                Some((_, rest)) if seg.starts_with('{') => format!("x{rest}"),
                _ => seg.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let key = if path.starts_with("/api/v1/audit") {
            &auditor
        } else {
            &app.admin_key
        };
        let (status, problem) = app.get_as(&format!("{concrete}?bogus=1"), key).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some("bogus")),
            "GET {path}?bogus=1: {problem}"
        );
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} GET operations");
}

/// Every string that is a timestamp, anywhere in the value.
fn timestamps(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s)
            if s.len() >= 20 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T' =>
        {
            out.push(s.clone())
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| timestamps(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| timestamps(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn timestamps_are_china_time_in_whole_seconds_everywhere() {
    let app = spawn_app().await;
    let body = serde_json::json!({
        "kind": "complaint", "category": "patent", "channel": "phone",
        "subject": "假冒专利", "description": "标注失效专利号。", "region_code": "140728",
        "reporter": { "anonymous": true }, "received_at": "2026-11-20T01:30:00.250Z"
    });
    let (_, receipt) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/tickets",
            Some(&app.operator_key),
            &body,
        )
        .await;
    let id = receipt["ticket"]["id"].as_str().unwrap();
    let mut seen = Vec::new();
    timestamps(&receipt, &mut seen);
    for path in [
        format!("/api/v1/tickets/{id}"),
        "/api/v1/outlets?limit=3".into(),
        "/api/v1/matters?limit=3".into(),
        "/api/v1/keys".into(),
    ] {
        timestamps(&app.get_as(&path, &app.admin_key).await.1, &mut seen);
    }
    assert!(seen.len() > 15, "{seen:?}");
    assert!(
        seen.contains(&"2026-11-20T09:30:00+08:00".to_owned()),
        "{seen:?}"
    );
    for t in &seen {
        assert!(t.ends_with("+08:00") && !t.contains('.'), "{t}");
    }
}

#[tokio::test]
async fn an_empty_query_parameter_is_refused_by_name() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/outlets?region=", "region"),
        ("/api/v1/outlets/nearest?lat=37.7&lng=112.7&kind=", "kind"),
        ("/api/v1/search?q=商标&types=entry,", "types"),
        (
            "/api/v1/coverage?region=140700&kinds=service_workstation,%20patent_agency_office",
            "kinds",
        ),
    ] {
        let (status, problem) = app.get(path).await;
        assert_eq!(status, 400, "{path}: {problem}");
        assert_eq!(problem["field"], field, "{path}: {problem}");
    }
    // The document says so: free string query parameters are at least one character.
    let (_, doc) = app.get("/openapi.json").await;
    let region = doc["paths"]["/api/v1/outlets"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "region")
        .unwrap()
        .clone();
    assert_eq!(region["schema"]["minLength"], 1, "{region}");
}

/// A ticket's texts are held to the `maxLength` the served document states,
/// counted as sent: padding does not buy room past it.
#[tokio::test]
async fn a_text_past_its_documented_length_is_refused_by_name() {
    let app = spawn_app().await;
    let (_, spec) = app.get("/openapi.json").await;
    let input = &spec["components"]["schemas"]["TicketInput"]["properties"];
    for field in ["subject", "description"] {
        let max = input[field]["maxLength"].as_u64().unwrap() as usize;
        let mut ticket = crate::helpers::fixtures::pingyao_ticket(1);
        ticket[field] = "商".repeat(max).into();
        let (status, made) = app
            .send(reqwest::Method::POST, "/api/v1/tickets", None, &ticket)
            .await;
        assert_eq!(status, 201, "{field} of {max} characters: {made}");
        ticket[field] = format!(" {}", "商".repeat(max)).into();
        let (status, problem) = app
            .send(reqwest::Method::POST, "/api/v1/tickets", None, &ticket)
            .await;
        assert_eq!((status, problem["field"].as_str()), (422, Some(field)));
    }
}

/// Every query and path parameter the document bounds at 500 characters is
/// refused past it with a 400 naming it, before its handler; Open311 names
/// its own in its error array.
#[tokio::test]
async fn a_parameter_past_its_documented_length_is_refused_by_name() {
    let app = spawn_app().await;
    let auditor = app.key(ipr_service::domain::vocab::Role::Auditor, None);
    let (_, doc) = app.get("/openapi.json").await;
    let long: String = form_urlencoded::byte_serialize("商".repeat(501).as_bytes()).collect();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(get) = item.get("get").filter(|_| !path.starts_with("/open311")) else {
            continue;
        };
        let key = if path.starts_with("/api/v1/audit") {
            &auditor
        } else {
            &app.admin_key
        };
        for p in get["parameters"].as_array().into_iter().flatten() {
            let (name, place) = (p["name"].as_str().unwrap(), p["in"].as_str().unwrap());
            if p["schema"]["maxLength"] != 500 {
                continue;
            }
            let concrete = path.replace(&format!("{{{name}}}"), &long);
            let concrete = match place {
                "query" => format!("{concrete}?{name}={long}"),
                "path" => concrete,
                _ => continue,
            };
            let (status, problem) = app.get_as(&concrete, key).await;
            assert_eq!(
                (status, problem["field"].as_str()),
                (400, Some(name)),
                "GET {path} with a long {name}: {problem}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} parameters");
    let (status, _) = app
        .get(&format!("/api/v1/regions?q={}", "商".repeat(500)))
        .await;
    assert_eq!(status, 200, "500 characters are taken");
    let (status, errors) = app
        .get(&format!("/open311/v2/requests.json?jurisdiction_id={long}"))
        .await;
    assert_eq!(
        (
            status,
            errors[0]["description"]
                .as_str()
                .map(|d| d.starts_with("jurisdiction_id"))
        ),
        (400, Some(true)),
        "{errors}"
    );
}

/// Texts in bodies that state a `maxLength` in the served document are
/// refused one character past it, naming the field, on each kind of write.
#[tokio::test]
async fn a_body_text_past_its_documented_length_is_refused_by_name() {
    use reqwest::Method;
    use serde_json::json;
    let app = spawn_app().await;
    let (_, spec) = app.get("/openapi.json").await;
    let max = |schema: &str, field: &str| {
        spec["components"]["schemas"][schema]["properties"][field]["maxLength"]
            .as_u64()
            .unwrap_or_else(|| panic!("{schema}.{field} states no maxLength")) as usize
    };
    let over = |schema: &str, field: &str| "长".repeat(max(schema, field) + 1);
    let day = |name_zh: String| json!({ "date": "2027-03-03", "kind": "holiday", "name_zh": name_zh, "name_en": "Test" });
    let url = format!(
        "https://example.cn/{}",
        "a".repeat(max("SubscriptionInput", "url"))
    );
    let cases = [
        (
            Method::PUT,
            "/api/v1/calendar/2027",
            json!({ "source": over("CalendarYearInput", "source"), "days": [day("测试".into())] }),
            "source",
        ),
        (
            Method::PUT,
            "/api/v1/calendar/2027",
            json!({ "source": "通知", "days": [day(over("CalendarDay", "name_zh"))] }),
            "days",
        ),
        (
            Method::PUT,
            "/api/v1/programmes/region-sets/test-set",
            json!({ "name": "测试区域", "name_en": over("RegionSetInput", "name_en"), "regions": ["140728"] }),
            "name_en",
        ),
        (
            Method::POST,
            "/api/v1/webhooks",
            json!({ "url": url, "event_types": ["ticket.created"] }),
            "url",
        ),
    ];
    for (method, path, body, field) in cases {
        let (status, problem) = app
            .send(method.clone(), path, Some(&app.admin_key), &body)
            .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (422, Some(field)),
            "{method} {path}: {problem}"
        );
    }
}

/// PostgreSQL cannot store or compare a NUL character in text, so every way
/// text comes in refuses it by name, on both backends (each was a 500 there).
#[tokio::test]
async fn a_nul_character_is_refused_by_name_wherever_text_comes_in() {
    use reqwest::Method;
    use serde_json::json;
    let app = spawn_app().await;
    let ticket = json!({
        "kind": "enquiry", "category": "patent", "subject": "专利\u{0}咨询",
        "description": "请问如何申请", "region_code": "140702",
        "reporter": { "name": "张三", "phone": "13800000001" }
    });
    let (status, problem) = app
        .send(Method::POST, "/api/v1/tickets", None, &ticket)
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("subject")),
        "{problem}"
    );
    for (path, name) in [
        ("/api/v1/tickets?q=a%00", "q"),
        ("/api/v1/tickets/t-1%00", "id"),
        ("/api/v1/agencies/a%00", "id"),
    ] {
        let (status, problem) = app.get_as(path, &app.operator_key).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some(name)),
            "{path}: {problem}"
        );
    }
    let (status, errors) = app.get("/open311/v2/requests.json?status=open%00").await;
    let named = errors[0]["description"]
        .as_str()
        .map(|d| d.starts_with("status:"));
    assert_eq!((status, named), (400, Some(true)), "{errors}");
    let (status, _) = app.get("/open311/v2/requests/2026%00.json").await;
    assert_eq!(status, 404);
    let res = (app
        .client
        .post(format!("{}/open311/v2/requests.json", app.address)))
    .form(&[
        ("service_code", "patent"),
        ("lat", "37.69"),
        ("long", "112.75"),
        ("description", "a\0b"),
    ])
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    let errors: serde_json::Value = res.json().await.unwrap();
    assert!(
        errors[0]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("description")),
        "{errors}"
    );
}

/// A list of region codes with one the tree does not hold is refused naming
/// the field and the code.
#[tokio::test]
async fn an_unknown_region_in_a_list_is_refused_naming_it() {
    let app = spawn_app().await;
    let set = serde_json::json!({ "name": "测试区域", "regions": ["140728", "999999"] });
    let (status, problem) = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/programmes/region-sets/test-set",
            Some(&app.admin_key),
            &set,
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("regions")),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("999999"),
        "{problem}"
    );
}
