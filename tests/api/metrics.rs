//! `/metrics`: the request counter rises by exactly the requests sent, by
//! route pattern (never a raw id), the gauges tell the directory's size, and
//! a configured scrape token is required. (`tests/metrics/check.sh`, run by
//! `.ci/run`, parses the same output with the Prometheus Python client.)

use crate::helpers::{spawn_app, spawn_app_configured, TestApp};

async fn scrape(app: &TestApp) -> String {
    let res = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    res.text().await.unwrap()
}

/// The value of the sample whose name and labels start as given (0 when absent).
fn sample(text: &str, prefix: &str) -> f64 {
    (text.lines())
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0.0, |v| v.parse().unwrap())
}

#[tokio::test]
async fn the_request_counter_rises_by_exactly_the_requests_sent() {
    let app = spawn_app().await;
    let id = app.outlet_id("晋中市知识产权公共服务中心").await;
    let ok = r#"ipr_http_requests_total{route="/api/v1/outlets/{id}",method="GET",status="200"}"#;
    let missing =
        r#"ipr_http_requests_total{route="/api/v1/outlets/{id}",method="GET",status="404"}"#;
    let before = scrape(&app).await;
    for _ in 0..7 {
        assert_eq!(app.get(&format!("/api/v1/outlets/{id}")).await.0, 200);
    }
    for n in 0..3 {
        assert_eq!(
            app.get(&format!("/api/v1/outlets/no-such-{n}")).await.0,
            404
        );
    }
    let after = scrape(&app).await;
    assert_eq!(sample(&after, ok) - sample(&before, ok), 7.0, "{after}");
    assert_eq!(sample(&after, missing) - sample(&before, missing), 3.0);
    assert!(
        !after.contains(&id) && !after.contains("no-such"),
        "no raw ids in labels"
    );
    let histogram = r#"ipr_http_request_duration_seconds_count{route="/api/v1/outlets/{id}",method="GET",status="200"}"#;
    assert_eq!(sample(&after, histogram) - sample(&before, histogram), 7.0);

    let (_, outlets) = app
        .get("/api/v1/outlets?limit=100&include_closed=true")
        .await;
    let n = outlets["items"].as_array().unwrap().len() as f64;
    assert_eq!(sample(&after, "ipr_directory_outlets "), n);
    assert!(sample(&after, "ipr_spatial_index_bytes ") > 0.0);
    assert!(
        after.contains("ipr_db_pool_wait_seconds_count{name=\"read\"}"),
        "{after}"
    );
    assert!(after.contains("ipr_change_log_lag "));

    // The count is the process's, and other tests' servers run beside this
    // one: it holds at least the outlets this answer kept.
    let (status, nearest) = app
        .get("/api/v1/outlets/nearest?lat=37.69&lng=112.73&limit=5")
        .await;
    assert_eq!(status, 200);
    let shown = nearest["items"].as_array().unwrap().len() as f64;
    let kept = sample(&scrape(&app).await, "ipr_directory_rendered_outlets ");
    assert!(shown > 0.0 && kept >= shown, "{kept} kept, {shown} shown");
}

#[tokio::test]
async fn a_configured_scrape_token_is_required() {
    let app = spawn_app_configured(|c| c.metrics_token = Some("s3cret-scrape".into())).await;
    let url = format!("{}/metrics", app.address);
    let anonymous = app.client.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = app
        .client
        .get(&url)
        .bearer_auth("s3cret-scrape")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}
