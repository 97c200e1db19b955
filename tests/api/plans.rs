//! Annual work plans: the seeded demonstration plan, and overdue milestones.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{items, spawn_app};

#[tokio::test]
async fn a_milestone_past_due_is_overdue_until_it_is_done() {
    let app = spawn_app().await;
    let plan = json!({
        "year": 2026, "title": "晋中市2026年知识产权公共服务工作推进计划", "issuing_body": "晋中市市场监督管理局",
        "tasks": [{
            "measure": "建设商标品牌指导站", "goal": "每个县区至少一个", "content": "在园区和专业市场设立指导站",
            "lead_unit": { "region_code": "140700" },
            "supporting_units": [{ "region_code": "140702" }, { "name": "晋中市知识产权公共服务中心" }],
            "milestones": [
                { "description": "完成选址", "due": "2026Q3" },
                { "description": "挂牌运行", "due": "2026-12" }
            ]
        }]
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/plans",
            Some(&app.operator_key),
            &plan,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap();
    let milestone = made["tasks"][0]["milestones"][0]["id"].as_str().unwrap();
    let overdue_path = format!("/api/v1/plans/{id}/overdue");
    let (_, overdue) = app.get_as(&overdue_path, &app.operator_key).await;
    assert_eq!(items(&overdue).len(), 1, "{overdue}");
    let row = &items(&overdue)[0];
    assert_eq!(
        (row["milestone_id"].as_str(), row["due_on"].as_str()),
        (Some(milestone), Some("2026-09-30"))
    );
    assert_eq!(row["lead_unit"]["name"], "晋中市");
    assert_eq!(
        row["supporting_units"][1]["name"],
        "晋中市知识产权公共服务中心"
    );

    let progress =
        json!({ "status": "done", "note": "十个县区均已完成选址", "noted_on": "2026-11-18" });
    let path = format!("/api/v1/plans/{id}/milestones/{milestone}/progress");
    let (status, after) = app
        .send(Method::POST, &path, Some(&app.operator_key), &progress)
        .await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["tasks"][0]["milestones"][0]["done_on"], "2026-11-18");
    let (_, overdue) = app.get_as(&overdue_path, &app.operator_key).await;
    assert!(items(&overdue).is_empty(), "{overdue}");

    let bad = json!({ "year": 2026, "title": "计划", "issuing_body": "某局", "tasks": [{ "measure": "措施", "goal": "", "content": "",
        "lead_unit": { "name": "某局" }, "milestones": [{ "description": "节点", "due": "2026Q5" }] }] });
    let (status, problem) = app
        .send(Method::POST, "/api/v1/plans", Some(&app.operator_key), &bad)
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("due")),
        "{problem}"
    );
}

#[tokio::test]
async fn the_demonstration_plan_is_seeded_and_public() {
    let app = spawn_app().await;
    let (status, plans) = app.get("/api/v1/plans?year=2014").await;
    assert_eq!(status, 200);
    assert_eq!(items(&plans)[0]["demonstration"], true);
    let (_, plan) = app.get("/api/v1/plans/wp-zj-2014-patent").await;
    assert_eq!(plan["tasks"][0]["milestones"][0]["due_on"], "2014-03-31");
    assert!(plan["source"].as_str().unwrap().starts_with("http"));
    let (status, problem) = app.get("/api/v1/plans?year=1999").await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("year")));
}
