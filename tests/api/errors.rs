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
