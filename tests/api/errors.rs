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
    let res = app
        .client
        .put(format!("{}/api/v1/outlets/nearest", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET, PATCH, DELETE");
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
            .map(|seg| if seg.starts_with('{') { "x" } else { seg })
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
