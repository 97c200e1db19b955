//! The knowledge base: colloquial questions find the written answer first, a
//! county's own entry wins for its callers, drafts, retired and internal
//! entries never reach the public, and answers are rendered safely.

use ipr_service::domain::vocab::Role;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

async fn search(app: &TestApp, q: &str, extra: &str, key: Option<&str>) -> Vec<String> {
    let mut req = app
        .client
        .get(format!("{}/api/v1/search", app.address))
        .query(&[("q", q)]);
    if !extra.is_empty() {
        req = req.query(&[("region", extra)]);
    }
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    (body["items"].as_array().unwrap().iter())
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn colloquial_questions_find_the_renewal_entry_and_a_county_override_wins_there() {
    let app = spawn_app().await;
    for q in ["商标续展要什么材料", "商标到期了怎么办"] {
        let ids = search(&app, q, "", None).await;
        assert_eq!(
            ids.first().map(String::as_str),
            Some("kb-tm-renewal"),
            "{q}: {ids:?}"
        );
        let pingyao = search(&app, q, "140728", None).await;
        assert_eq!(
            pingyao[0], "kb-tm-renewal-pingyao",
            "{q} in Pingyao: {pingyao:?}"
        );
        let qixian = search(&app, q, "140727", None).await;
        assert_eq!(qixian[0], "kb-tm-renewal", "{q} in Qixian: {qixian:?}");
        assert!(
            !qixian.contains(&"kb-tm-renewal-pingyao".to_owned()),
            "another county's entry is left out"
        );
    }
}

#[tokio::test]
async fn drafts_retired_and_internal_entries_never_reach_the_public() {
    let app = spawn_app().await;
    let public: Vec<String> = [
        search(&app, "商标续展要什么材料", "", None).await,
        search(&app, "专利费减缴", "", None).await,
        search(&app, "逾期工单督办流程", "", None).await,
    ]
    .concat();
    for hidden in [
        "kb-draft-sample",
        "kb-retired-sample",
        "kb-internal-escalation",
    ] {
        assert!(
            !public.contains(&hidden.to_owned()),
            "{hidden} in {public:?}"
        );
        let (status, _) = app.get(&format!("/api/v1/knowledge/{hidden}")).await;
        assert_eq!(status, 404, "{hidden}");
    }
    let staff = search(&app, "逾期工单督办流程", "", Some(&app.operator_key)).await;
    assert_eq!(
        staff.first().map(String::as_str),
        Some("kb-internal-escalation"),
        "{staff:?}"
    );
    let (status, entry) = app
        .get_as("/api/v1/knowledge/kb-draft-sample", &app.operator_key)
        .await;
    assert_eq!((status, entry["status"].as_str()), (200, Some("draft")));
    let (status, entry) = app.get("/api/v1/knowledge/kb-tm-renewal").await;
    assert_eq!(status, 200);
    assert!(
        entry["answer_html"]
            .as_str()
            .unwrap()
            .contains("<strong>十年</strong>"),
        "{entry}"
    );
}

#[tokio::test]
async fn the_desk_writes_entries_that_are_found_at_once_and_rendered_safely() {
    let app = spawn_app().await;
    let body = json!({
        "question": "晋中市商标品牌指导站周末开放吗？",
        "phrasings": ["指导站周六上班吗"],
        "answer": "周末不开放。<script>alert(1)</script>",
        "category": "trademark", "audience": "public", "status": "published",
        "region_code": "140700", "valid_from": null, "valid_to": null,
        "owner_outlet_id": null, "review_by": "2027-06-30"
    });
    let staff = app.key(Role::OutletStaff, None);
    let res = (app.client.post(format!("{}/api/v1/knowledge", app.address)))
        .bearer_auth(&staff)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = (app.client.post(format!("{}/api/v1/knowledge", app.address)))
        .bearer_auth(&app.operator_key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(
        created["answer_html"]
            .as_str()
            .unwrap()
            .contains("&lt;script&gt;"),
        "{created}"
    );
    let ids = search(&app, "指导站周六上班吗", "140702", None).await;
    assert_eq!(ids.first(), Some(&id), "{ids:?}");

    let mut retired = body.clone();
    retired["status"] = json!("retired");
    let url = format!("{}/api/v1/knowledge/{id}", app.address);
    let stale = (app.client.put(&url))
        .bearer_auth(&app.operator_key)
        .header("If-Match", "\"7\"")
        .json(&retired)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);
    let res = (app.client.put(&url))
        .bearer_auth(&app.operator_key)
        .header("If-Match", "\"1\"")
        .json(&retired)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(!search(&app, "指导站周六上班吗", "140702", None)
        .await
        .contains(&id));
    let bad = (app.client.post(format!("{}/api/v1/knowledge", app.address))).bearer_auth(&app.operator_key)
        .json(&json!({ "question": "?", "answer": "x", "category": "trademark", "audience": "public", "status": "draft", "region_code": null, "valid_from": null, "valid_to": null, "owner_outlet_id": null, "review_by": null }))
        .send().await.unwrap();
    let problem: Value = bad.json().await.unwrap();
    assert_eq!(problem["field"], "question", "{problem}");
    // An owner that is no outlet (schemathesis sent one of control characters).
    for owner in ["no-such-outlet", "\u{d3}\u{bd}\u{18}0Y/"] {
        let res = (app.client.post(format!("{}/api/v1/knowledge", app.address)))
            .bearer_auth(&app.operator_key)
            .json(&json!({ "question": "指导站周六上班吗？", "answer": "x", "category": "trademark", "audience": "public", "status": "draft", "owner_outlet_id": owner }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["field"], "owner_outlet_id", "{problem}");
    }
}

/// Whether the answer came before anything but logging, classification and
/// the automatic referral (the definition, written again from the history).
fn first_contact(history: &[Value]) -> bool {
    let skip = |e: &&Value| {
        ["create", "classify"].contains(&e["action"].as_str().unwrap())
            || (e["action"] == "assign" && e["actor_role"] == "system")
    };
    history
        .iter()
        .find(|e| !skip(e))
        .map(|e| e["action"].as_str().unwrap())
        == Some("answer")
}

#[tokio::test]
async fn answers_citing_entries_count_toward_first_contact_resolution() {
    let app = spawn_app().await;
    let enquiry = |n: u32| {
        json!({ "kind": "enquiry", "category": "trademark", "subject": format!("咨询 {n}"),
        "description": "商标到期了怎么办", "region_code": "140728", "reporter": { "anonymous": true } })
    };
    let mut ids = Vec::new();
    for n in 0..3 {
        let (status, t) = app
            .send(
                reqwest::Method::POST,
                "/api/v1/tickets",
                Some(&app.operator_key),
                &enquiry(n),
            )
            .await;
        assert_eq!(status, 201, "{t}");
        ids.push(app.ticket_id(t["tracking_number"].as_str().unwrap()).await);
    }
    let (_, view) = app
        .get_as(&format!("/api/v1/tickets/{}", ids[0]), &app.operator_key)
        .await;
    let suggested = view["suggested_entries"]
        .as_array()
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(
        suggested[0]["id"], "kb-tm-renewal-pingyao",
        "the county's own entry for a Pingyao ticket: {suggested:?}"
    );
    let other = app.outlet_id("晋中市知识产权公共服务中心").await;
    let (status, body) = app
        .act(
            &ids[1],
            &app.operator_key,
            json!({ "action": "reassign", "outlet_id": other, "note": "转市中心" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // The first answer on Friday 20 November, the second on Monday 23 November.
    for (id, entry) in [(&ids[0], "kb-tm-renewal"), (&ids[1], "kb-tm-renewal")] {
        if id == &ids[1] {
            app.set_time("2026-11-23T10:00:00+08:00");
        }
        let (status, body) = app.act(id, &app.operator_key, json!({ "action": "answer", "reply": "期满前十二个月内办理续展。", "cited_entries": [entry] })).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = app
        .act(
            &ids[2],
            &app.operator_key,
            json!({ "action": "answer", "reply": "x", "cited_entries": ["no-such-entry"] }),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("cited_entries"))
    );

    let mut expected = (0, 0);
    for id in &ids[..2] {
        let (_, t) = app
            .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
            .await;
        let history = t["history"].as_array().unwrap_or_else(|| panic!("{t}"));
        expected.0 += 1;
        expected.1 += u64::from(first_contact(history));
    }
    assert_eq!(
        expected,
        (2, 1),
        "one answered at once, one after a reassignment"
    );
    let (status, stats) = app.get_as("/api/v1/stats/tickets", &app.operator_key).await;
    assert_eq!(status, 200, "{stats}");
    let r = &stats["resolution"];
    assert_eq!(
        (
            r["enquiries_answered"].as_u64(),
            r["first_contact"].as_u64()
        ),
        (Some(expected.0), Some(expected.1)),
        "{r}"
    );
    assert_eq!(r["first_contact_resolution_pct"].as_f64(), Some(50.0));
    assert_eq!(r["answered_with_entries"].as_u64(), Some(2));
    assert_eq!(
        (
            r["most_cited"][0]["id"].as_str(),
            r["most_cited"][0]["citations"].as_u64()
        ),
        (Some("kb-tm-renewal"), Some(2))
    );
    // Each answer counts on its own day.
    for (period, answered, first) in [
        ("to=2026-11-20", 1, 1),
        ("from=2026-11-21", 1, 0),
        ("from=2026-11-24", 0, 0),
    ] {
        let (status, stats) = app
            .get_as(
                &format!("/api/v1/stats/tickets?{period}"),
                &app.operator_key,
            )
            .await;
        assert_eq!(status, 200, "{stats}");
        let r = &stats["resolution"];
        assert_eq!(
            (
                r["enquiries_answered"].as_u64(),
                r["first_contact"].as_u64(),
                r["answered_with_entries"].as_u64()
            ),
            (Some(answered), Some(first), Some(answered)),
            "{period}: {r}"
        );
    }
}

#[tokio::test]
async fn one_search_covers_entries_matters_and_outlets_with_marked_snippets() {
    let app = spawn_app().await;
    let url = format!("{}/api/v1/search", app.address);
    let get =
        |params: Vec<(&'static str, &'static str)>| app.client.get(&url).query(&params).send();
    let body: Value = get(vec![
        ("q", "商标品牌指导站"),
        ("types", "outlet"),
        ("region", "140728"),
        ("limit", "10"),
    ])
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let items = body["items"].as_array().unwrap();
    assert!(
        !items.is_empty() && items.iter().all(|i| i["kind"] == "outlet"),
        "{body}"
    );
    assert!(
        items[0]["snippet"].as_str().unwrap().contains("<mark>"),
        "{body}"
    );
    let body: Value = get(vec![("q", "专利质押登记")])
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"entry") && kinds.contains(&"matter"),
        "{body}"
    );
    let res = get(vec![("q", "商标"), ("types", "planets")])
        .await
        .unwrap();
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["field"], "types");
}

#[tokio::test]
async fn entries_due_for_review_are_listed_for_their_owners() {
    let app = spawn_app().await;
    let owner = app.outlet_id("晋中市知识产权公共服务中心").await;
    let body = json!({
        "question": "知识产权质押融资贴息怎么申报？", "answer": "按当年通知申报。",
        "category": "policy", "audience": "public", "status": "published",
        "region_code": null, "valid_from": null, "valid_to": null,
        "owner_outlet_id": owner, "review_by": "2026-06-30"
    });
    let res = (app.client.post(format!("{}/api/v1/knowledge", app.address)))
        .bearer_auth(&app.operator_key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = |key: String| {
        let app = &app;
        async move {
            let (status, body) = app.get_as("/api/v1/knowledge/review", &key).await;
            assert_eq!(status, 200, "{body}");
            (body["items"].as_array().unwrap().iter())
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert!(listed(app.operator_key.clone()).await.contains(&id));
    assert!(listed(app.key(Role::OutletStaff, Some(&owner)))
        .await
        .contains(&id));
    let elsewhere = app.outlet_id("平遥县知识产权服务工作站").await;
    assert!(!listed(app.key(Role::OutletStaff, Some(&elsewhere)))
        .await
        .contains(&id));
    let (status, _) = app.get("/api/v1/knowledge/review").await;
    assert_eq!(status, 401);
}

async fn outlet_hits(app: &TestApp, q: &str) -> Vec<Value> {
    let (status, body) = app
        .get(&format!(
            "/api/v1/search?types=outlet&limit=20&q={}",
            urlencoding(q)
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn urlencoding(q: &str) -> String {
    q.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn outlets_are_found_by_the_matters_they_offer_by_initials_and_at_once_after_a_change() {
    let app = spawn_app().await;
    // 质权登记 is in no outlet's name: the outlets found offer the matter.
    let (_, offering) = app
        .get("/api/v1/outlets?matter=trademark_pledge_registration&limit=100")
        .await;
    let offering: Vec<&str> = (offering["items"].as_array().unwrap().iter())
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    let found = outlet_hits(&app, "商标质权登记").await;
    assert!(!found.is_empty());
    let first = &found[0];
    assert!(
        offering.contains(&first["id"].as_str().unwrap()),
        "{first} offers the matter"
    );
    assert!(!first["title"].as_str().unwrap().contains("质权"));

    // Pinyin initials of the name: pyx is 平遥县.
    let found = outlet_hits(&app, "pyx").await;
    assert!(
        found[0]["title"].as_str().unwrap().contains("平遥"),
        "{found:?}"
    );

    // A new outlet is found at once; renamed, by its new name only.
    let outlet = json!({
        "name": "云竹湖知识产权服务驿站", "kind": "service_workstation", "tier": "county",
        "region_code": "140721", "address": "山西省晋中市榆社县云竹镇",
        "location": { "lng": 112.98, "lat": 37.07 }, "phones": ["0354-6600000"]
    });
    let (status, created) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/outlets",
            Some(&app.admin_key),
            &outlet,
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(outlet_hits(&app, "云竹湖").await[0]["id"], id.as_str());
    let admin = app.admin_key.clone();
    let etag = app.etag(&format!("/api/v1/outlets/{id}"), &admin).await;
    let (status, _) = app
        .send_if_match(
            reqwest::Method::PATCH,
            &format!("/api/v1/outlets/{id}"),
            &admin,
            &json!({ "name": "榆社县箕山知识产权服务驿站" }),
            etag.as_deref(),
        )
        .await;
    assert_eq!(status, 200);
    // (云竹 is still in its address: look for the part only the old name had.)
    assert!(!(outlet_hits(&app, "竹湖").await.iter()).any(|o| o["id"] == id.as_str()));
    assert_eq!(outlet_hits(&app, "箕山").await[0]["id"], id.as_str());
}

#[tokio::test]
async fn lists_take_q_on_the_same_engine_best_first_and_page_by_position() {
    let app = spawn_app().await;
    // The matter list ranks by the engine: the pledge matter whose name holds 质押 first.
    let (status, body) = app.get("/api/v1/matters?q=%E8%B4%A8%E6%8A%BC").await; // 质押
    assert_eq!(status, 200, "{body}");
    let codes: Vec<&str> = (body["items"].as_array().unwrap().iter())
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.first(),
        Some(&"patent_pledge_registration"),
        "{codes:?}"
    );
    let (status, problem) = app.get("/api/v1/matters?q=").await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("q")));

    let path = "/api/v1/outlets?limit=2&q=%E5%B9%B3%E9%81%A5%E5%95%86%E6%A0%87"; // 平遥商标
    let (_, first) = app.get(path).await;
    let page: Vec<&str> = (first["items"].as_array().unwrap().iter())
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(
        page[0].contains("平遥") && page[0].contains("商标"),
        "{page:?}"
    );
    let cursor = first["next_cursor"].as_str().expect("more than one page");
    let (_, second) = app.get(&format!("{path}&cursor={cursor}")).await;
    let ids = |b: &Value| -> Vec<String> {
        (b["items"].as_array().unwrap().iter())
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!ids(&second).is_empty());
    assert!(ids(&second).iter().all(|id| !ids(&first).contains(id)));
}
