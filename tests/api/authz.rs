//! Every operation of the committed OpenAPI document, called with no key and
//! with each role: the status must match the rule below. An operation without
//! a rule fails the test, so a new endpoint cannot ship without one.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::spawn_app;
use ipr_service::domain::vocab::Role;

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// Anyone, with or without a key.
    Public,
    /// Anyone without a key, or a key of these roles (public intake).
    PublicOr(&'static [Role]),
    /// Only keys of these roles.
    Roles(&'static [Role]),
    /// Open311: only keys of these roles, and a missing key is a 403 (the
    /// GeoReport v2 rule) rather than a 401.
    Open311Key(&'static [Role]),
    /// Any key, on its own record only: with the placeholder id (no one's
    /// key) every role gets a 403, admins included.
    OwnKey,
}

const ADMIN: &[Role] = &[Role::Admin];
const WORKERS: &[Role] = &[Role::Admin, Role::Operator, Role::OutletStaff];
const STATS: &[Role] = &[Role::Admin, Role::Operator, Role::Auditor];
const AUDIT: &[Role] = &[Role::Auditor];
const HOTLINE_DESK: &[Role] = &[Role::Admin, Role::Operator];
const OPEN311_CLIENTS: &[Role] = &[Role::Admin, Role::Operator, Role::Open311Client];
const PROGRAMMES: &[Role] = &[Role::Admin, Role::Operator, Role::Commissioner, Role::Envoy];

fn rule(method: &str, path: &str) -> Access {
    use Access::*;
    match (method, path) {
        ("GET", "/health" | "/ready" | "/metrics") => Public,
        ("GET", p) if p.starts_with("/open311/v2/") || p.starts_with("/hsds/v3/") => Public,
        ("POST", "/open311/v2/requests.{format}") => Open311Key(OPEN311_CLIENTS),
        ("GET", p) if p.starts_with("/api/v1/regions") => Public,
        ("GET", "/api/v1/boundaries/report" | "/api/v1/coverage" | "/api/v1/changes") => Public,
        ("PUT", "/api/v1/boundaries") => Roles(ADMIN),
        ("GET", "/api/v1/export/{dataset}.csv") => Roles(&[Role::Admin, Role::Auditor]),
        ("POST", "/api/v1/import/{dataset}") => Roles(ADMIN),
        ("GET", "/api/v1/search" | "/api/v1/knowledge/{id}") => Public,
        ("GET", "/api/v1/knowledge/review") => Roles(WORKERS),
        ("POST", "/api/v1/knowledge") | ("PUT", "/api/v1/knowledge/{id}") => Roles(HOTLINE_DESK),
        ("PUT", "/api/v1/regions/{code}/boundary") => Roles(ADMIN),
        ("GET", "/api/v1/programmes/summary" | "/api/v1/programmes/region-sets") => Public,
        ("GET", "/api/v1/plans" | "/api/v1/plans/{id}") => Public,
        ("GET", "/api/v1/campaigns/{id}/compliance") => Roles(STATS),
        ("GET", p) if p.starts_with("/api/v1/campaigns") || p.starts_with("/api/v1/events") => {
            Public
        }
        ("POST", "/api/v1/campaigns") => Roles(HOTLINE_DESK),
        ("GET", p) if p.starts_with("/api/v1/agencies") => Public,
        (_, p) if p.starts_with("/api/v1/agencies") => Roles(HOTLINE_DESK),
        (_, p) if p.starts_with("/api/v1/events") => Roles(WORKERS),
        ("GET", "/api/v1/programmes/people" | "/api/v1/programmes/evaluations") => {
            Roles(HOTLINE_DESK)
        }
        ("GET", p) if p.ends_with("/compliance") || p.ends_with("/overdue") => Roles(HOTLINE_DESK),
        // A person's own record: commissioners and envoys read theirs (tested in
        // programmes.rs); the placeholder id is no one's, so they get a 403 here.
        ("GET", p) if p.starts_with("/api/v1/programmes/people/{id}") => Roles(HOTLINE_DESK),
        ("GET", p) if p.starts_with("/api/v1/programmes/") => Roles(PROGRAMMES),
        ("POST", "/api/v1/programmes/visits" | "/api/v1/programmes/follow-ups/{id}/done") => {
            Roles(PROGRAMMES)
        }
        (_, p) if p.starts_with("/api/v1/programmes/") || p.starts_with("/api/v1/plans") => {
            Roles(HOTLINE_DESK)
        }
        ("GET", "/api/v1/outlets" | "/api/v1/outlets/nearest" | "/api/v1/outlets/{id}") => Public,
        ("GET", "/api/v1/outlets/{id}/matters" | "/api/v1/outlets/{id}/hours") => Public,
        ("GET", "/api/v1/outlets/{id}/history") => Roles(ADMIN),
        ("POST", "/api/v1/outlets") | ("PATCH" | "DELETE", "/api/v1/outlets/{id}") => Roles(ADMIN),
        ("PUT", "/api/v1/outlets/{id}/hours") => Roles(ADMIN),
        ("GET", p) if p.starts_with("/api/v1/matters") || p.starts_with("/api/v1/calendar") => {
            Public
        }
        ("PUT", "/api/v1/matters/{code}" | "/api/v1/calendar/{year}") => Roles(ADMIN),
        ("GET", "/api/v1/tickets/status") | ("POST", "/api/v1/tickets/status/supplement") => Public,
        ("POST", "/api/v1/tickets") => PublicOr(HOTLINE_DESK),
        ("GET", "/api/v1/tickets" | "/api/v1/tickets/{id}") => Roles(WORKERS),
        ("POST", "/api/v1/tickets/{id}/actions") => Roles(WORKERS),
        ("GET", "/api/v1/hotline/rules") => Public,
        ("PUT", "/api/v1/hotline/rules") => Roles(ADMIN),
        ("GET", "/api/v1/stats/tickets") => Roles(STATS),
        ("GET", p) if p.starts_with("/api/v1/scorecards") => Roles(STATS),
        ("GET", "/api/v1/audit/pii-access" | "/api/v1/audit/events") => Roles(AUDIT),
        ("POST", "/api/v1/keys/{id}/rotate") => OwnKey,
        (_, p) if p.starts_with("/api/v1/keys") || p.starts_with("/api/v1/webhooks") => {
            Roles(ADMIN)
        }
        _ => panic!("no authorization rule for {method} {path}: add one to tests/api/authz.rs"),
    }
}

/// A key of a new person of the pool in `role` (commissioner or envoy).
async fn programme_key(app: &crate::helpers::TestApp, role: &str) -> String {
    let body = serde_json::json!({
        "role": role, "name": "测试人员", "employer": "晋中市知识产权公共服务中心",
        "ip_work_years": 6, "submitted_by_region": "140700"
    });
    let (status, made) = app
        .send(
            Method::POST,
            "/api/v1/programmes/people",
            Some(&app.admin_key),
            &body,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let role = if role == "envoy" {
        Role::Envoy
    } else {
        Role::Commissioner
    };
    app.person_key(role, made["id"].as_str().unwrap())
}

fn operations() -> Vec<(String, String)> {
    let spec: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn every_operation_answers_each_role_as_its_rule_says() {
    let app = spawn_app().await;
    let staff_outlet = app.outlet_id("平遥县知识产权服务工作站").await;
    let keys = [
        (Role::Admin, app.admin_key.clone()),
        (Role::Operator, app.operator_key.clone()),
        (
            Role::OutletStaff,
            app.key(Role::OutletStaff, Some(&staff_outlet)),
        ),
        (Role::Auditor, app.key(Role::Auditor, None)),
        (Role::Open311Client, app.key(Role::Open311Client, None)),
        (
            Role::Commissioner,
            programme_key(&app, "commissioner").await,
        ),
        (Role::Envoy, programme_key(&app, "envoy").await),
    ];
    let ops = operations();
    assert!(ops.len() >= 35, "{} operations", ops.len());
    for (method, template) in ops {
        let access = rule(&method, &template);
        // Placeholder ids: authorization is decided before anything is looked up.
        let path = template
            .replace("{id}", "no-such-id")
            .replace("{code}", "140728")
            .replace("{year}", "2026")
            .replace("{format}", "json")
            .replace("{dataset}", "outlets")
            .replace("{token}", "no-such-token")
            .replace("{milestone_id}", "no-such-milestone")
            .replace("{record_id}", "no-such-record");
        let call = |key: Option<&str>| {
            let mut req = app
                .client
                .request(
                    method.parse::<Method>().unwrap(),
                    format!("{}{path}", app.address),
                )
                .json(&serde_json::json!({}));
            if let Some(key) = key {
                req = req.bearer_auth(key);
            }
            req.send()
        };
        let anonymous = call(None).await.unwrap().status().as_u16();
        let public = matches!(access, Access::Public | Access::PublicOr(_));
        assert_eq!(
            matches!(anonymous, 401 | 403),
            !public,
            "{method} {template} without a key: {anonymous}"
        );
        if !public {
            let expected = if matches!(access, Access::Open311Key(_)) {
                403
            } else {
                401
            };
            assert_eq!(anonymous, expected, "{method} {template} without a key");
        }
        for (role, key) in &keys {
            let status = call(Some(key)).await.unwrap().status().as_u16();
            let allowed = match access {
                Access::Public => true,
                Access::OwnKey => false,
                Access::PublicOr(roles) | Access::Roles(roles) | Access::Open311Key(roles) => {
                    roles.contains(role)
                }
            };
            assert!(status < 500, "{method} {template} as {role:?}: {status}");
            assert_eq!(
                status == 403,
                !allowed,
                "{method} {template} as {role:?}: {status}"
            );
            assert_ne!(
                status, 401,
                "{method} {template} as {role:?}: a valid key was refused"
            );
        }
    }
}
