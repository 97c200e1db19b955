//! Returns within the objection period, extensions, editable rules and statistics.

use reqwest::Method;
use serde_json::json;

use super::{log, ticket};
use crate::helpers::{items, spawn_app};
use ipr_service::domain::vocab::Role;

#[tokio::test]
async fn returns_within_the_objection_period_rules_and_statistics() {
    let app = spawn_app().await;
    let op = app.operator_key.clone();
    let t = log(
        &app,
        ticket("enquiry", "13900000002", "2026-11-16T09:00:00+08:00"),
    )
    .await;
    let (id, outlet) = (
        t["id"].as_str().unwrap().to_owned(),
        t["outlet_id"].as_str().unwrap().to_owned(),
    );
    let staff = app.key(Role::OutletStaff, Some(&outlet));
    assert_eq!(
        app.act(&id, &staff, json!({ "action": "return" })).await.1["field"],
        "note"
    );
    app.set_time("2026-11-16T10:00:00+08:00");
    let (s, r) = app
        .act(
            &id,
            &staff,
            json!({ "action": "return", "note": "不属于本站职责" }),
        )
        .await;
    assert_eq!(
        (s, r["state"].as_str(), r["outlet_id"].as_str()),
        (200, Some("received"), None),
        "{r}"
    );
    let (s, a) = app
        .act(
            &id,
            &op,
            json!({ "action": "answer", "reply": "商标许可备案可在线办理。" }),
        )
        .await;
    assert_eq!(
        (s, a["close_reason"].as_str()),
        (200, Some("answered")),
        "{a}"
    );

    // An old assignment cannot be returned once the 5-working-day objection period is over.
    let old = log(
        &app,
        ticket("complaint", "13900000003", "2026-10-12T09:00:00+08:00"),
    )
    .await;
    let old_staff = app.key(Role::OutletStaff, Some(old["outlet_id"].as_str().unwrap()));
    let (s, p) = app
        .act(
            old["id"].as_str().unwrap(),
            &old_staff,
            json!({ "action": "return", "note": "不属于本站" }),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (409, Some("conflict")), "{p}");
    // Unaccepted for five weeks, it is overdue in the statistics, in its
    // period too (the count per outlet takes the period's bounds).
    let auditor = app.key(Role::Auditor, None);
    for period in ["", "?from=2026-10-01&to=2026-10-31"] {
        let path = format!("/api/v1/stats/tickets{period}");
        let (_, stats) = app.get_as(&path, &auditor).await;
        assert_eq!(
            stats["outlets"][&outlet]["overdue_now"], 1,
            "{period} {stats}"
        );
    }
    let (_, later) = app
        .get_as("/api/v1/stats/tickets?from=2026-10-13", &auditor)
        .await;
    assert!(later["outlets"].get(&outlet).is_none(), "{later}");

    // Rules are editable: a 1-day enquiry handling limit shows on the next read.
    let (_, mut rules) = app.get_as("/api/v1/hotline/rules", &op).await;
    for r in rules["clock_rules"].as_array_mut().unwrap() {
        if r["kind"] == "complaint" && r["timer"] == "acceptance" {
            r["days"] = json!(30);
        }
    }
    assert_eq!(
        app.send(Method::PUT, "/api/v1/hotline/rules", Some(&op), &rules)
            .await
            .0,
        403
    );
    assert_eq!(
        app.send(
            Method::PUT,
            "/api/v1/hotline/rules",
            Some(&app.admin_key),
            &rules
        )
        .await
        .0,
        200
    );
    let (_, reread) = app
        .get_as(
            &format!("/api/v1/tickets/{}", old["id"].as_str().unwrap()),
            &op,
        )
        .await;
    let acceptance = reread["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["timer"] == "acceptance")
        .unwrap();
    assert_eq!(acceptance["days"], 30);

    let (s, stats) = app.get_as("/api/v1/stats/tickets", &auditor).await;
    assert_eq!(s, 200, "{stats}");
    // Only the old complaint: the returned enquiry left the outlet.
    assert_eq!(stats["outlets"][&outlet]["received"], 1);
    // Not overdue any more: acceptance now has 30 working days (the objection window is no deadline).
    assert_eq!(stats["outlets"][&outlet]["overdue_now"], 0);
    assert_eq!(stats["tiers"]["county"]["received"], 1);
    assert_eq!(stats["regions"]["140700"]["received"], 1);
    // A period: the old complaint was received on 12 October.
    let (_, october) = app
        .get_as(
            "/api/v1/stats/tickets?from=2026-10-01&to=2026-10-31",
            &auditor,
        )
        .await;
    assert_eq!(october["outlets"][&outlet]["received"], 1, "{october}");
    let (_, november) = app
        .get_as("/api/v1/stats/tickets?from=2026-11-01", &auditor)
        .await;
    assert!(november["outlets"].get(&outlet).is_none(), "{november}");
    assert!(
        !stats.to_string().contains("13900000003"),
        "no personal data in statistics"
    );
    assert_eq!(app.get_as("/api/v1/stats/tickets", &staff).await.0, 403);
    // The counters kept change by change equal a recount from scratch.
    let (_, kept) = app.get_as("/api/v1/stats/tickets", &auditor).await;
    let mut conn = app.pool().get().unwrap();
    ipr_service::db::deadlines::rebuild_counts(&mut conn).unwrap();
    let (_, recounted) = app.get_as("/api/v1/stats/tickets", &auditor).await;
    assert_eq!(kept, recounted);
    assert!(
        items(&app.get_as("/api/v1/tickets?state=closed", &op).await.1)
            .iter()
            .any(|t| t["id"] == id.as_str())
    );
}
