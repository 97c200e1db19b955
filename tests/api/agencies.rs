//! The register of IP service agencies: credit grade and listings beside the
//! agency, and complaints that reach the regulator of the agency's region.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{items, spawn_app, TestApp};
use ipr_service::domain::programmes::credit_code::with_check_character;

async fn register(app: &TestApp, code: &str) -> String {
    let body = json!({
        "name": "晋中某某专利代理事务所（普通合伙）", "credit_code": code, "kinds": ["patent_agency"],
        "licence_number": "14107", "region_code": "140702", "address": "晋中市榆次区迎宾街1号",
        "lat": 37.687, "lng": 112.752, "annual_reports": [2024, 2025]
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/agencies",
            Some(&app.operator_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    made["id"].as_str().unwrap().to_owned()
}

fn source() -> Value {
    json!({ "url": "https://example.gov.cn/credit/2026", "date": "2026-06-30" })
}

#[tokio::test]
async fn the_grade_and_a_current_listing_show_beside_the_agency() {
    let app = spawn_app().await;
    let code = with_check_character("91140702MA0L00001").unwrap();
    let id = register(&app, &code).await;
    let records = format!("/api/v1/agencies/{id}/records");
    let evaluation = json!({ "kind": "evaluation", "score": 92, "bonus_points": 3, "period_start": "2025-01-01", "period_end": "2025-12-31", "source": source() });
    let listing = json!({ "kind": "listing", "list": "abnormal_operations", "reason": "未按规定报送年度报告", "listed_on": "2026-04-01", "authority": "晋中市市场监督管理局", "removed_on": null, "removal_reason": null, "source": source() });
    for body in [&evaluation, &listing] {
        let (status, made) = app
            .send(Method::POST, &records, Some(&app.operator_key), body)
            .await;
        assert_eq!(status, 201, "{made}");
    }
    let (_, found) = app
        .get("/api/v1/agencies?grade=A%2B&listed=true&kind=patent_agency&region=140700")
        .await;
    assert_eq!(items(&found).len(), 1, "{found}");
    assert_eq!(
        (
            items(&found)[0]["grade"].as_str(),
            items(&found)[0]["listed"].as_bool()
        ),
        (Some("A+"), Some(true))
    );
    let (_, near) = app
        .get("/api/v1/agencies/nearest?lat=37.69&lng=112.75")
        .await;
    assert_eq!(items(&near)[0]["id"], id.as_str());
    let bad = json!({ "kind": "evaluation", "score": 101, "period_start": "2025-01-01", "period_end": "2025-12-31", "source": source() });
    let (status, problem) = app
        .send(Method::POST, &records, Some(&app.operator_key), &bad)
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("score")));
    let bad = json!({ "kind": "evaluation", "score": 90, "bonus_points": 101, "period_start": "2025-01-01", "period_end": "2025-12-31", "source": source() });
    let (status, problem) = app
        .send(Method::POST, &records, Some(&app.operator_key), &bad)
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("bonus_points"))
    );
    let (status, problem) = app.send(Method::POST, "/api/v1/agencies", Some(&app.operator_key), &json!({
        "name": "某代理机构", "credit_code": "91350100M000100Y44", "kinds": ["other"], "region_code": "140702", "address": "榆次区"
    })).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (422, Some("credit_code")),
        "a wrong check character"
    );
}

#[tokio::test]
async fn a_complaint_about_an_agency_reaches_the_regulator_of_its_region() {
    let app = spawn_app().await;
    let code = with_check_character("91140702MA0L00002").unwrap();
    let id = register(&app, &code).await;
    let complaint = json!({
        "kind": "complaint", "category": "agency_misconduct", "subject": "代理机构收费后不办理",
        "description": "委托专利申请后三个月未提交", "region_code": "140728", "agency": code,
        "reporter": { "name": "李四", "phone": "13800000002" }
    });
    let (status, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &complaint)
        .await;
    assert_eq!(status, 201, "{receipt}");
    let ticket_id = app
        .ticket_id(receipt["tracking_number"].as_str().unwrap())
        .await;
    let (_, ticket) = app
        .get_as(&format!("/api/v1/tickets/{ticket_id}"), &app.operator_key)
        .await;
    assert_eq!(
        (ticket["agency_id"].as_str(), ticket["region_code"].as_str()),
        (Some(id.as_str()), Some("140702"))
    );
    let outlet = ticket["outlet_id"].as_str().expect("referred at once");
    let (_, handling) = app.get(&format!("/api/v1/outlets/{outlet}")).await;
    let region = handling["region_code"].as_str().unwrap();
    assert!(
        ["140702", "140700", "140000"].contains(&region),
        "the regulator for Yuci, not Pingyao: {region}"
    );

    let (_, profile) = app.get(&format!("/api/v1/agencies/{id}")).await;
    let state = ticket["state"].as_str().unwrap();
    assert_eq!(profile["complaints"][state], 1, "{profile}");
    assert!(
        !profile.to_string().contains("代理机构收费后不办理"),
        "counts only, never contents"
    );

    let mut other = complaint.clone();
    other["category"] = json!("patent");
    let (status, problem) = app
        .send(Method::POST, "/api/v1/tickets", None, &other)
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("agency")));
    other["category"] = json!("agency_misconduct");
    other["agency"] = json!("ag-none");
    let (status, _) = app
        .send(Method::POST, "/api/v1/tickets", None, &other)
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_replacement_may_not_take_another_agencys_credit_code() {
    let app = spawn_app().await;
    let first = with_check_character("91140702MA0L00003").unwrap();
    let second = with_check_character("91140702MA0L00004").unwrap();
    register(&app, &first).await;
    let id = register(&app, &second).await;
    let path = format!("/api/v1/agencies/{id}");
    let draft = |code: &str| {
        json!({ "name": "晋中某某知识产权代理有限公司", "credit_code": code, "kinds": ["trademark_agency"],
                "region_code": "140702", "address": "晋中市榆次区顺城街2号" })
    };
    let (status, problem) = app
        .send_if_match(
            Method::PUT,
            &path,
            &app.operator_key,
            &draft(&first),
            Some("*"),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    let (status, kept) = app
        .send_if_match(
            Method::PUT,
            &path,
            &app.operator_key,
            &draft(&second),
            Some("*"),
        )
        .await;
    assert_eq!(
        (status, kept["kinds"][0].as_str()),
        (200, Some("trademark_agency")),
        "{kept}"
    );
}
