//! Referral by jurisdiction, outlet scope, and escalation of overdue tickets.

use reqwest::Method;
use serde_json::json;

use super::{complaint, log};
use crate::helpers::{items, spawn_app, spawn_app_configured};
use ipr_service::domain::vocab::Role;

#[tokio::test]
async fn overdue_tickets_are_escalated_to_the_parent_outlet() {
    let app = spawn_app_configured(|c| c.sweep_every_ms = 200).await;
    let city = app.outlet_id("晋中市知识产权公共服务中心").await;
    let (_, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-10-01T10:00:00+08:00"),
        )
        .await;
    let id = receipt["ticket"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        receipt["ticket"]["overdue"], true,
        "never accepted: the acceptance clock ran out on 15 October"
    );
    let city_staff = app.key(Role::OutletStaff, Some(&city));
    // The background sweep escalates it; reading the queue does not.
    app.escalated_to(&id).await;
    let (status, queue) = app
        .get_as("/api/v1/tickets?overdue=true", &city_staff)
        .await;
    assert_eq!(status, 200, "{queue}");
    let escalated = items(&queue)
        .iter()
        .find(|t| t["id"] == id.as_str())
        .expect("in the city centre's queue");
    assert_eq!(escalated["escalated_to"], city.as_str());
    let (_, full) = app
        .get_as(&format!("/api/v1/tickets/{id}"), &city_staff)
        .await;
    let last = full["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["action"].as_str(),
            last["outlet_id"].as_str(),
            last["actor_role"].as_str()
        ),
        (Some("escalate"), Some(city.as_str()), Some("system"))
    );
}

#[tokio::test]
async fn staff_see_only_their_outlets_and_rare_categories_walk_up() {
    let app = spawn_app().await;
    let (_, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("patent", "2026-11-02T10:00:00+08:00"),
        )
        .await;
    let id = receipt["ticket"]["id"].as_str().unwrap().to_owned();
    let yuci = app.key(
        Role::OutletStaff,
        Some(&app.outlet_id("榆次区知识产权服务工作站").await),
    );
    assert_eq!(
        app.get_as(&format!("/api/v1/tickets/{id}"), &yuci).await.0,
        404
    );
    assert_eq!(
        app.act(&id, &yuci, json!({ "action": "accept" })).await.0,
        404
    );
    assert!(items(&app.get_as("/api/v1/tickets", &yuci).await.1).is_empty());
    assert_eq!(
        app.get_as("/api/v1/tickets", &app.key(Role::Auditor, None))
            .await
            .0,
        403
    );
    assert_eq!(app.get("/api/v1/tickets").await.0, 401);

    // No county outlet handles geographical indications: the city centre does.
    let (_, gi) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &complaint("geographical_indication", "2026-11-02T10:00:00+08:00"),
        )
        .await;
    let city = app.outlet_id("晋中市知识产权公共服务中心").await;
    assert_eq!(gi["ticket"]["outlet_id"], city.as_str());
    let (_, full) = app
        .get_as(
            &format!("/api/v1/tickets/{}", gi["ticket"]["id"].as_str().unwrap()),
            &app.operator_key,
        )
        .await;
    let reason = full["history"][1]["note"].as_str().unwrap();
    assert!(
        reason.contains("平遥县无主管网点") && reason.contains("晋中市"),
        "{reason}"
    );

    // An anonymous reporter's identity stays with the hotline, not the outlet.
    let mut anonymous = complaint("patent", "2026-11-02T10:00:00+08:00");
    anonymous["reporter"]["anonymous"] = json!(true);
    let (_, a) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            Some(&app.operator_key),
            &anonymous,
        )
        .await;
    let a_id = a["ticket"]["id"].as_str().unwrap();
    let pingyao = app.key(
        Role::OutletStaff,
        Some(a["ticket"]["outlet_id"].as_str().unwrap()),
    );
    let (_, seen) = app
        .get_as(&format!("/api/v1/tickets/{a_id}"), &pingyao)
        .await;
    assert_eq!(
        (
            seen["reporter"]["phone"].is_null(),
            seen["reporter"]["anonymous"].as_bool()
        ),
        (true, Some(true)),
        "{seen}"
    );
    assert_eq!(
        app.get_as(&format!("/api/v1/tickets/{a_id}"), &app.operator_key)
            .await
            .1["reporter"]["phone"],
        "13812341234"
    );

    // The public gets a receipt only, and may not back-date or pick the phone channel.
    let mut public = complaint("trademark", "2026-11-02T10:00:00+08:00");
    let (status, problem) = app
        .send(Method::POST, "/api/v1/tickets", None, &public)
        .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("channel")));
    public["channel"] = json!("app");
    public.as_object_mut().unwrap().remove("received_at");
    let (status, receipt) = app
        .send(
            Method::POST,
            "/api/v1/tickets?coord_sys=gcj02",
            None,
            &public,
        )
        .await;
    assert_eq!(
        (
            status,
            receipt["ticket"].is_null(),
            receipt["state"].as_str()
        ),
        (201, true, Some("assigned")),
        "{receipt}"
    );
}

/// The matter the hotline's handling of each ticket kind is published as.
const MATTER_OF_KIND: [(&str, &str); 5] = [
    ("complaint", "complaint_handling"),
    ("report", "report_handling"),
    ("assistance", "protection_assistance_application"),
    ("enquiry", "enquiry_answering"),
    ("suggestion", "enquiry_answering"),
];

const CATEGORIES: [&str; 8] = [
    "patent",
    "trademark",
    "copyright",
    "geographical_indication",
    "agency_misconduct",
    "policy",
    "legal",
    "other",
];

#[tokio::test]
async fn the_outlet_a_ticket_is_referred_to_offers_the_matching_matter_there() {
    let app = spawn_app().await;
    let (_, outlets) = app.get("/api/v1/outlets?limit=100").await;
    let mut seen_kinds = std::collections::HashSet::new();
    let one_per_kind: Vec<&serde_json::Value> = items(&outlets)
        .iter()
        .filter(|o| seen_kinds.insert(o["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert!(one_per_kind.len() >= 6, "the seed has every outlet kind");
    for outlet in one_per_kind {
        let (lng, lat) = (&outlet["location"]["lng"], &outlet["location"]["lat"]);
        for (kind, matter) in MATTER_OF_KIND {
            let (_, nearest) = app
                .get(&format!(
                    "/api/v1/outlets/nearest?lat={lat}&lng={lng}&matter={matter}&limit=100"
                ))
                .await;
            let offering: Vec<&str> = items(&nearest)
                .iter()
                .map(|o| o["id"].as_str().unwrap())
                .collect();
            for category in CATEGORIES {
                let body = json!({
                    "kind": kind, "category": category, "channel": "walk_in",
                    "subject": "到窗口反映情况", "description": "来访登记。",
                    "location": { "lng": lng, "lat": lat }, "reporter": { "anonymous": true }
                });
                let (status, receipt) = app
                    .send(
                        Method::POST,
                        "/api/v1/tickets",
                        Some(&app.operator_key),
                        &body,
                    )
                    .await;
                assert_eq!(status, 201, "{receipt}");
                let Some(referred) = receipt["ticket"]["outlet_id"].as_str() else {
                    // Not referred: the reasoning must say why.
                    let id = receipt["ticket"]["id"].as_str().unwrap();
                    let (_, full) = app
                        .get_as(&format!("/api/v1/tickets/{id}"), &app.operator_key)
                        .await;
                    let notes = full["history"].to_string();
                    assert!(notes.contains("无主管网点"), "{kind}/{category}: {notes}");
                    continue;
                };
                assert!(
                    offering.contains(&referred),
                    "{kind}/{category} at {} goes to {referred}, which nearest?matter={matter} does not offer",
                    outlet["name"]
                );
            }
        }
    }
}

#[tokio::test]
async fn a_ticket_changed_after_the_sweep_read_it_waits_for_the_next_the_rest_go_now() {
    use diesel::RunQueryDsl;
    use ipr_service::directory::{Directory, SharedDirectory};
    use ipr_service::hotline::escalation::{apply_batch, plan_batch};

    // The app's own sweep runs once an hour: this test drives it.
    let app = spawn_app().await;
    let ticket = log(&app, complaint("patent", "2026-10-01T10:00:00+08:00")).await;
    // Overdue too, unchanged: escalated by the same batch that skips the first.
    let other = log(&app, complaint("patent", "2026-10-02T10:00:00+08:00")).await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    let (pool, now) = (app.pool(), app.clock.now());
    let swept = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let dir = SharedDirectory::new(Directory::load(&mut conn).unwrap());
        let plan = plan_batch(&mut conn, &dir, now, 20).unwrap();
        // Someone changes the ticket between the sweep's read and its write.
        diesel::sql_query(format!(
            "UPDATE tickets SET version = version + 1 WHERE id = '{id}'"
        ))
        .execute(&mut conn)
        .unwrap();
        let first = apply_batch(&mut conn, &plan).unwrap();
        let read = ipr_service::db::tickets::find(&mut conn, &id)
            .unwrap()
            .unwrap();
        let again = plan_batch(&mut conn, &dir, now, 20).unwrap();
        let second = apply_batch(&mut conn, &again).unwrap();
        let after = ipr_service::db::tickets::find(&mut conn, &id)
            .unwrap()
            .unwrap();
        (first, read.escalated_to, second, after.escalated_to)
    })
    .await
    .unwrap();
    let (first, before, second, after) = swept;
    assert_eq!(
        (first.examined, first.escalated),
        (2, 1),
        "the changed one left alone, the other escalated: {first:?}"
    );
    assert_eq!(before, None);
    assert_eq!((second.examined, second.escalated), (1, 1), "{second:?}");
    assert!(after.is_some(), "escalated by the next sweep");
    let other = app.escalated_to(other["id"].as_str().unwrap()).await;
    assert!(other.is_some(), "escalated by the first sweep");
}

#[tokio::test]
async fn a_deadline_refresh_planned_before_a_change_is_left_to_the_next_sweep() {
    use diesel::sql_types::{Text, Timestamp};
    use diesel::RunQueryDsl;
    use ipr_service::directory::{Directory, SharedDirectory};
    use ipr_service::hotline::escalation::{apply_batch, plan_batch};

    let app = spawn_app().await;
    let ticket = log(&app, complaint("patent", "2026-11-19T10:00:00+08:00")).await;
    let id = ticket["id"].as_str().unwrap().to_owned();
    let (pool, now) = (app.pool(), app.clock.now());
    let sweep_at = move |conn: &mut ipr_service::db::DbConn| {
        use diesel::prelude::*;
        use ipr_service::db::schema::ticket_deadlines as d;
        d::table
            .find(&id)
            .select(d::sweep_at)
            .first::<Option<chrono::NaiveDateTime>>(conn)
            .unwrap()
    };
    let id = ticket["id"].as_str().unwrap().to_owned();
    let (first, kept, second, moved) = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        // A stored deadline that has passed although the ticket is not
        // overdue (as after a calendar change): the sweep recomputes it.
        let stale: chrono::NaiveDateTime = "2026-11-01T00:00:00".parse().unwrap();
        diesel::sql_query("UPDATE ticket_deadlines SET sweep_at = $1 WHERE ticket_id = $2")
            .bind::<Timestamp, _>(stale)
            .bind::<Text, _>(&id)
            .execute(&mut conn)
            .unwrap();
        let dir = SharedDirectory::new(Directory::load(&mut conn).unwrap());
        let plan = plan_batch(&mut conn, &dir, now, 20).unwrap();
        diesel::sql_query("UPDATE tickets SET version = version + 1 WHERE id = $1")
            .bind::<Text, _>(&id)
            .execute(&mut conn)
            .unwrap();
        let first = apply_batch(&mut conn, &plan).unwrap();
        let kept = sweep_at(&mut conn);
        let again = plan_batch(&mut conn, &dir, now, 20).unwrap();
        let second = apply_batch(&mut conn, &again).unwrap();
        (first, kept == Some(stale), second, sweep_at(&mut conn))
    })
    .await
    .unwrap();
    assert_eq!(
        (first.examined, first.escalated, first.refreshed),
        (1, 0, 0),
        "planned before the change, not written: {first:?}"
    );
    assert!(kept, "the stale deadline is still stored");
    assert_eq!((second.examined, second.refreshed), (1, 1), "{second:?}");
    assert!(
        moved.is_some_and(|at| at > now.naive_utc()),
        "recomputed by the next sweep: {moved:?}"
    );
}
