//! Outlet evaluation: one outlet's scorecard recomputed here from the
//! tickets, visits and events behind it; the ranking, roll-ups, CSV and
//! the period's checks.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::fixtures::pingyao_ticket;
use crate::helpers::{items, spawn_app, TestApp};
use ipr_service::domain::programmes::credit_code::with_check_character;
use ipr_service::domain::vocab::Role;

const PERIOD: &str = "from=2026-11-01&to=2026-11-30";

async fn post(app: &TestApp, path: &str, key: &str, body: Value) -> Value {
    let (status, made) = app.send(Method::POST, path, Some(key), &body).await;
    assert!(status == 201 || status == 200, "{path}: {status} {made}");
    made
}

/// Four Pingyao tickets received on 2 November: one answered and rated 5,
/// one rated 2 (and so reopened), one returned, one accepted late.
async fn tickets(app: &TestApp, pingyao: &str) -> Vec<String> {
    let (op, staff) = (
        &app.operator_key,
        &app.key(Role::OutletStaff, Some(pingyao)),
    );
    app.set_time("2026-11-02T10:00:00+08:00");
    let mut ids = Vec::new();
    for n in 0..4 {
        let made = post(app, "/api/v1/tickets", op, pingyao_ticket(n)).await;
        assert_eq!(made["ticket"]["outlet_id"], pingyao);
        ids.push(made["ticket"]["id"].as_str().unwrap().to_owned());
    }
    app.set_time("2026-11-03T10:00:00+08:00");
    for id in &ids[..2] {
        assert_eq!(
            app.act(id, staff, json!({ "action": "accept" })).await.0,
            200
        );
    }
    let back = json!({ "action": "return", "note": "不属于本站" });
    assert_eq!(app.act(&ids[2], staff, back).await.0, 200);
    app.set_time("2026-11-05T10:00:00+08:00");
    for id in &ids[..2] {
        let reply = json!({ "action": "reply", "reply": "已核查处理。" });
        assert_eq!(app.act(id, staff, reply).await.0, 200);
    }
    app.set_time("2026-11-06T10:00:00+08:00");
    for (id, score) in [(&ids[0], 5), (&ids[1], 2)] {
        let call = json!({ "action": "callback", "satisfaction": score, "note": "回访" });
        assert_eq!(app.act(id, op, call).await.0, 200);
    }
    // Past the acceptance limit: accepted late.
    app.set_time("2026-11-27T10:00:00+08:00");
    assert_eq!(
        app.act(&ids[3], staff, json!({ "action": "accept" }))
            .await
            .0,
        200
    );
    ids
}

/// A commissioner working from the outlet, with two visits in November and
/// one in October; returns their count in the period.
async fn visits(app: &TestApp, pingyao: &str) -> u64 {
    let person = json!({
        "role": "commissioner", "name": "郭志强", "employer": "平遥县市场监督管理局",
        "ip_degree": true, "ip_work_years": 3, "review_status": "approved",
        "training_status": "trained", "pool_status": "active",
        "submitted_by_region": "140728", "outlet_id": pingyao
    });
    let p = post(app, "/api/v1/programmes/people", &app.admin_key, person).await;
    let code = with_check_character("91140728MA0K00001").unwrap();
    let firm = json!({
        "name": "平遥牛肉集团有限公司", "credit_code": code, "target_type": "tech_firm",
        "level": "local", "region_code": "140728", "recruited_by_region": "140700"
    });
    let t = post(app, "/api/v1/programmes/targets", &app.admin_key, firm).await;
    let assignment =
        json!({ "person_id": p["id"], "target_id": t["id"], "cycle_start": "2026-01-01" });
    post(
        app,
        "/api/v1/programmes/assignments",
        &app.admin_key,
        assignment,
    )
    .await;
    let key = app.person_key(Role::Commissioner, p["id"].as_str().unwrap());
    let days = ["2026-10-20", "2026-11-10", "2026-11-24"];
    for day in days {
        let v = json!({ "target_id": t["id"], "mode": "on_site", "visited_on": day,
            "duration_minutes": 60, "tasks": ["policy_briefing"] });
        post(app, "/api/v1/programmes/visits", &key, v).await;
    }
    days.iter().filter(|d| d.starts_with("2026-11")).count() as u64
}

/// Events the outlet organised: two held in November, one cancelled, one
/// held in December; returns the count of the first kind.
async fn events(app: &TestApp, pingyao: &str) -> u64 {
    let plan = [
        ("2026-11-12", "held"),
        ("2026-11-19", "held"),
        ("2026-11-26", "cancelled"),
        ("2026-12-03", "held"),
    ];
    for (day, status) in plan {
        let e = json!({
            "event_type": "training", "title": format!("商标品牌培训 {day}"),
            "organiser_outlet_id": pingyao, "region_code": "140728", "place": "平遥县政务服务中心",
            "starts_at": format!("{day}T09:30:00+08:00"), "ends_at": format!("{day}T11:30:00+08:00"),
            "attendance_mode": "offline", "status": status
        });
        post(app, "/api/v1/events", &app.operator_key, e).await;
    }
    plan.iter()
        .filter(|(d, s)| d.starts_with("2026-11") && *s == "held")
        .count() as u64
}

/// The ticket figures of the outlet, from each ticket's own record.
fn ticket_figures(tickets: &[Value], outlet: &str) -> BTreeMap<String, f64> {
    let mut f: BTreeMap<String, f64> = BTreeMap::new();
    for t in tickets {
        let mut holder: Option<String> = None;
        for e in t["history"].as_array().unwrap() {
            match e["action"].as_str().unwrap() {
                "assign" | "reassign" => holder = e["outlet_id"].as_str().map(Into::into),
                a @ ("return" | "reopen" | "escalate") if holder.as_deref() == Some(outlet) => {
                    *f.entry(a.to_string()).or_default() += 1.0;
                }
                _ => {}
            }
            if e["action"] == "return" {
                holder = None;
            }
        }
        if t["outlet_id"] != outlet {
            continue;
        }
        *f.entry("received".to_string()).or_default() += 1.0;
        for c in t["clocks"].as_array().unwrap() {
            let timer = c["timer"].as_str().unwrap();
            if c["met"].is_boolean() && c["stopped_at"].is_string() {
                *f.entry(timer.to_string()).or_default() += 1.0;
                if c["met"] == true {
                    *f.entry(format!("{timer}_met")).or_default() += 1.0;
                }
            }
        }
        if let Some(s) = t["satisfaction"].as_f64() {
            *f.entry("rated".to_string()).or_default() += 1.0;
            *f.entry("satisfaction".to_string()).or_default() += s;
        }
    }
    f
}

fn indicator(card: &Value, name: &str) -> (Option<f64>, Option<f64>) {
    let i = (card["indicators"].as_array().unwrap())
        .iter()
        .find(|i| i["indicator"] == name)
        .unwrap();
    (i["value"].as_f64(), i["score"].as_f64())
}

#[tokio::test]
async fn an_outlets_scorecard_is_recomputed_from_the_tickets_visits_and_events_behind_it() {
    let app = spawn_app().await;
    let pingyao = app.outlet_id("平遥县知识产权服务工作站").await;
    // Monday to Friday 09:00–12:00 and 13:30–17:30 (35 hours a week), closed on 18 November.
    let day =
        json!([{ "opens": "09:00", "closes": "12:00" }, { "opens": "13:30", "closes": "17:30" }]);
    let hours = json!({ "weekly": { "mon": day, "tue": day, "wed": day, "thu": day, "fri": day },
        "exceptions": [{ "date": "2026-11-18", "reason": "系统升级暂停服务" }] });
    let path = format!("/api/v1/outlets/{pingyao}/hours");
    let (s, _) = app
        .send(Method::PUT, &path, Some(&app.admin_key), &hours)
        .await;
    assert_eq!(s, 200);
    let ids = tickets(&app, &pingyao).await;
    let visits = visits(&app, &pingyao).await;
    let events = events(&app, &pingyao).await;

    let mut read = Vec::new();
    for id in &ids {
        read.push(
            app.get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
                .await
                .1,
        );
    }
    let f = ticket_figures(&read, &pingyao);
    let get = |k: &str| f.get(k).copied().unwrap_or(0.0);
    let (_, matters) = app.get(&format!("/api/v1/outlets/{pingyao}/matters")).await;
    let matters = items(&matters).len() as f64;

    let (status, report) = app
        .get_as(&format!("/api/v1/scorecards?{PERIOD}"), &app.operator_key)
        .await;
    assert_eq!(status, 200, "{report}");
    let cards = report["outlets"].as_array().unwrap();
    let card = cards.iter().find(|c| c["outlet_id"] == pingyao).unwrap();
    let figures = &card["figures"];
    // The figures, one by one.
    assert_eq!(figures["tickets_received"].as_f64(), Some(get("received")));
    assert_eq!(get("received"), 3.0, "the returned ticket left the outlet");
    assert_eq!(figures["visits"].as_u64(), Some(visits));
    assert_eq!(figures["events_held"].as_u64(), Some(events));
    assert_eq!(figures["matters_offered"].as_f64(), Some(matters));
    assert_eq!(figures["weekly_hours"].as_f64(), Some(35.0));
    // November 2026: 21 working days, no holiday; closed on the 18th.
    assert_eq!(
        (
            figures["days_open"].as_u64(),
            figures["working_days"].as_u64()
        ),
        (Some(20), Some(21))
    );
    assert_eq!(
        figures["acceptance"]["stopped"].as_f64(),
        Some(get("acceptance"))
    );
    assert_eq!(
        figures["acceptance"]["on_time"].as_f64(),
        Some(get("acceptance_met"))
    );
    assert_eq!(
        (get("acceptance"), get("acceptance_met")),
        (3.0, 2.0),
        "one accepted late"
    );
    assert_eq!(
        figures["handling"]["stopped"].as_f64(),
        Some(get("handling"))
    );
    assert_eq!(
        figures["callback"]["on_time"].as_f64(),
        Some(get("callback_met"))
    );
    assert_eq!(figures["rated"].as_f64(), Some(get("rated")));
    assert_eq!(
        figures["satisfaction_total"].as_f64(),
        Some(get("satisfaction"))
    );
    assert_eq!(
        (figures["returns"].as_f64(), figures["reopened"].as_f64()),
        (Some(1.0), Some(1.0))
    );
    assert_eq!(
        (get("return"), get("reopen"), get("escalate")),
        (1.0, 1.0, 0.0)
    );
    assert_eq!(figures["escalations"], 0);

    // The scores, by the documented rules and default weights.
    let county: Vec<&Value> = cards.iter().filter(|c| c["tier"] == "county").collect();
    let best = |k: &str| {
        county
            .iter()
            .map(|c| c["figures"][k].as_f64().unwrap())
            .fold(0.0, f64::max)
    };
    let pct = |met: f64, n: f64| (n > 0.0).then(|| 100.0 * met / n);
    let fewer = |n: f64| 100.0 * (1.0 - (n / get("received")).min(1.0));
    let expected: [(&str, Option<f64>, f64); 13] = [
        (
            "matters_offered",
            Some(100.0 * matters / best("matters_offered")),
            10.0,
        ),
        (
            "weekly_hours",
            Some(100.0 * 35.0 / best("weekly_hours")),
            10.0,
        ),
        ("days_open", Some(100.0 * 20.0 / 21.0), 10.0),
        (
            "tickets_received",
            Some(100.0 * 3.0 / best("tickets_received")),
            10.0,
        ),
        ("visits", Some(100.0 * visits as f64 / best("visits")), 10.0),
        (
            "events_held",
            Some(100.0 * events as f64 / best("events_held")),
            10.0,
        ),
        (
            "acceptance_on_time",
            pct(get("acceptance_met"), get("acceptance")),
            5.0,
        ),
        (
            "handling_on_time",
            pct(get("handling_met"), get("handling")),
            10.0,
        ),
        (
            "callback_on_time",
            pct(get("callback_met"), get("callback")),
            5.0,
        ),
        (
            "satisfaction",
            Some((get("satisfaction") / get("rated") - 1.0) * 25.0),
            10.0,
        ),
        ("escalations", Some(fewer(0.0)), 4.0),
        ("returns", Some(fewer(1.0)), 3.0),
        ("reopened", Some(fewer(1.0)), 3.0),
    ];
    let (mut sum, mut weight) = (0.0, 0.0);
    for (name, score, w) in expected {
        let got = indicator(card, name).1;
        match (score, got) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.01, "{name}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{name}"),
        }
        if let Some(s) = score {
            sum += s * w;
            weight += w;
        }
    }
    let total = card["total"].as_f64().unwrap();
    assert!(
        (total - sum / weight).abs() < 0.01,
        "total {total} vs {}",
        sum / weight
    );

    // Ranked first among the outlets of Pingyao; the county roll-up holds its tickets.
    assert_eq!(card["rank_in_region"], 1);
    let (_, one) = app
        .get_as(
            &format!("/api/v1/scorecards/{pingyao}?{PERIOD}"),
            &app.operator_key,
        )
        .await;
    assert_eq!(one["total"], card["total"]);
    let pingyao_region = report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "140728")
        .unwrap();
    assert_eq!(pingyao_region["figures"]["tickets_received"], 3);
    assert_eq!(pingyao_region["name"], "平遥县");
}

#[tokio::test]
async fn scorecards_come_as_csv_and_refuse_a_bad_period() {
    let app = spawn_app().await;
    let key = &app.operator_key;
    let url = format!(
        "{}/api/v1/scorecards?{PERIOD}&region=140700&format=csv",
        app.address
    );
    let response = app.client.get(&url).bearer_auth(key).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["outlet_id", "outlet_name", "tier"]);
    assert!(header.contains(&"handling_on_time_score"));
    let (_, json) = app
        .get_as(&format!("/api/v1/scorecards?{PERIOD}&region=140700"), key)
        .await;
    assert_eq!(lines.count(), json["outlets"].as_array().unwrap().len());
    assert!(json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["code"].as_str().unwrap().starts_with("14")));

    let (s, rollups) = app
        .get_as(
            &format!("/api/v1/scorecards/rollups?{PERIOD}&tier=county"),
            key,
        )
        .await;
    assert_eq!(s, 200, "{rollups}");
    assert_eq!(rollups["tiers"].as_array().unwrap().len(), 1);

    for (query, field) in [
        ("from=2026-11-30&to=2026-11-01", "to"),
        ("from=2020-01-01&to=2026-11-01", "to"),
        ("from=2026-11-01&to=2026-11-30&region=999999", "region"),
        ("from=2026-11-01&to=2026-11-30&format=xml", "format"),
    ] {
        let (s, problem) = app
            .get_as(&format!("/api/v1/scorecards?{query}"), key)
            .await;
        assert_eq!(
            (s, problem["field"].as_str()),
            (400, Some(field)),
            "{query}: {problem}"
        );
    }
    let pingyao = app.outlet_id("平遥县知识产权服务工作站").await;
    let staff = app.key(Role::OutletStaff, Some(&pingyao));
    assert_eq!(app.get_as("/api/v1/scorecards", &staff).await.0, 403);
}
