//! The committed OpenAPI document is exactly what the code generates and serves.

use crate::helpers::spawn_app;
use serde_json::{json, Value};
use std::collections::HashSet;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn committed_openapi_matches_the_code() {
    let generated = ipr_service::api::openapi_json();
    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is out of date: regenerate it with\n    cargo run -- openapi > openapi/openapi.json"
    );
}

/// Every `$ref` must name a schema in `components`: utoipa does not collect
/// schemas used only in query parameters, and a dangling reference breaks clients.
#[test]
fn every_reference_resolves() {
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    out.push(r);
                }
                map.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let spec: serde_json::Value = serde_json::from_str(&ipr_service::api::openapi_json()).unwrap();
    let mut found = Vec::new();
    refs(&spec, &mut found);
    let missing: Vec<_> = found
        .into_iter()
        .filter(|r| spec.pointer(r.trim_start_matches('#')).is_none())
        .collect();
    assert!(missing.is_empty(), "dangling references: {missing:?}");
}

#[tokio::test]
async fn serves_the_committed_document_and_offline_docs() {
    let app = spawn_app().await;
    let (status, served) = app.get("/openapi.json").await;
    assert_eq!(status, 200);
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert!(
        served == committed,
        "/openapi.json differs from openapi/openapi.json"
    );
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served["info"]["license"]["identifier"], "MIT OR Apache-2.0");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .get(format!("{}/docs", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (308, "/docs/")
    );
    let page = app
        .client
        .get(format!("{}/docs/", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("swagger-ui"), "Swagger UI page");
    // The UI's script is served by the binary itself (vendored), not from a CDN.
    let script = app
        .client
        .get(format!("{}/docs/swagger-ui-bundle.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(!page.contains("cdn."), "no CDN references");
    let (status, health) = app.get("/health").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
}

/// Whether a schema, or one it is made of, carries an example.
fn has_example(
    spec: &serde_json::Value,
    schema: &serde_json::Value,
    seen: &mut std::collections::HashSet<String>,
) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    if map.contains_key("example") || map.contains_key("examples") {
        return true;
    }
    if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
        return seen.insert(r.to_owned())
            && spec
                .pointer(r.trim_start_matches('#'))
                .is_some_and(|s| has_example(spec, s, seen));
    }
    let props = map.get("properties").and_then(|p| p.as_object());
    let nested = ["items", "additionalProperties"]
        .iter()
        .filter_map(|k| map.get(*k));
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|k| map.get(*k)?.as_array())
        .flatten();
    let parts: Vec<&serde_json::Value> = props
        .into_iter()
        .flat_map(|p| p.values())
        .chain(nested)
        .chain(composed)
        .collect();
    parts.into_iter().any(|part| has_example(spec, part, seen))
}

/// App teams generating clients see a sample value on every operation.
#[test]
fn every_operation_shows_an_example() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let mut seen = std::collections::HashSet::new();
            let contents = [&op["requestBody"]["content"]]
                .into_iter()
                .chain(
                    op["responses"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .filter(|(c, _)| c.starts_with('2'))
                        .map(|(_, r)| &r["content"]),
                )
                .filter_map(|c| c.as_object())
                .flat_map(|c| c.values());
            let params = op["parameters"].as_array().into_iter().flatten();
            let shown = contents
                .into_iter()
                .any(|c| c.get("example").is_some() || has_example(&spec, &c["schema"], &mut seen))
                || params.into_iter().any(|p| {
                    p.get("example").is_some() || has_example(&spec, &p["schema"], &mut seen)
                });
            if !shown {
                missing.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations without an example: {missing:#?}"
    );
}

/// Client generators name a method after each `operationId`: two alike make
/// a client that does not compile.
#[test]
fn every_operation_id_is_unique() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} on both {other} and {method} {path}");
            }
        }
    }
}

/// Swagger UI lists operations by their summary and generated clients make
/// it the first line of each method's documentation: one short line, with
/// the rest in the description.
#[test]
fn every_operation_has_a_one_line_summary() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let mut long = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let summary = op["summary"].as_str().unwrap_or("");
            if summary.is_empty() || summary.contains('\n') || summary.chars().count() > 100 {
                long.push(format!("{method} {path}: {summary:?}"));
            }
            // The description goes on from the summary; it does not say it again.
            let opening = |t: &str| t.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            let description = op["description"].as_str().unwrap_or("");
            if !description.is_empty()
                && opening(description) == opening(summary.trim_end_matches('.'))
            {
                long.push(format!(
                    "{method} {path}: the description repeats {summary:?}"
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "summaries missing, too long or repeated:\n{}",
        long.join("\n")
    );
}

/// Properties with these names hold a closed vocabulary: generated clients
/// need them typed by their enum, not as free strings.
#[test]
fn vocabulary_properties_reference_their_enums() {
    const NAMES: [&str; 7] = [
        "state", "kind", "category", "channel", "role", "tier", "timer",
    ];
    // Strings on purpose: values outside any enum of ours.
    const FREE: [(&str, &str, &str); 4] = [
        (
            "RegionDto",
            "category",
            "GB/T 2260's own words, e.g. 地级市",
        ),
        (
            "AuditEventDto",
            "role",
            "also `server` and `unauthenticated`",
        ),
        (
            "SearchHit",
            "kind",
            "entry, matter or outlet: one per result type",
        ),
        (
            "DeliveryDto",
            "state",
            "the outbox's states, not a ticket's",
        ),
    ];
    let doc: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let mut untyped = Vec::new();
    for (schema, body) in doc["components"]["schemas"].as_object().unwrap() {
        let Some(props) = body["properties"].as_object() else {
            continue;
        };
        for (name, p) in props.iter().filter(|(n, _)| NAMES.contains(&n.as_str())) {
            let typed = p.get("$ref").is_some()
                || p.get("enum").is_some()
                || p.get("oneOf").is_some()
                || p.get("items").is_some_and(|i| i.get("$ref").is_some());
            let free = FREE.iter().any(|(s, n, _)| s == schema && n == name);
            if !typed && !free {
                untyped.push(format!("{schema}.{name}"));
            }
        }
    }
    assert!(untyped.is_empty(), "typed as free strings: {untyped:?}");
}

/// Every operation documents the errors its layers can give, as problem
/// documents: 400 and 401 everywhere (probes aside), 403 with a key
/// requirement, 404 with a path parameter, 413/415/422 with a body. Open311
/// operations document their own error list, at least the 404 of a format
/// other than `json` or `xml`.
#[test]
fn every_operation_documents_its_errors() {
    let spec: serde_json::Value = serde_json::from_str(&ipr_service::api::openapi_json()).unwrap();
    let resolve = |r: &serde_json::Value| match r["$ref"].as_str() {
        Some(p) => spec.pointer(p.trim_start_matches('#')).unwrap().clone(),
        None => r.clone(),
    };
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if ["/health", "/ready", "/metrics"].contains(&path.as_str()) {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let responses = &op["responses"];
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let mut wanted = vec!["400", "401"];
            if path.starts_with("/open311/") {
                wanted = vec!["404"];
            } else {
                if op.get("security").is_some() {
                    wanted.push("403");
                }
                if params.iter().any(|p| p["in"] == "path") {
                    wanted.push("404");
                }
                if op.get("requestBody").is_some() {
                    wanted.extend(["413", "415", "422"]);
                }
            }
            for status in wanted {
                let response = resolve(&responses[status]);
                let media = if path.starts_with("/open311/") {
                    "application/json"
                } else {
                    "application/problem+json"
                };
                if response["content"][media]["schema"].is_null() {
                    missing.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented errors: {missing:#?}");
}

/// Every integer a client sends (parameter or request body) carries the
/// largest value the server takes, and that bound fits the declared format:
/// an int32 field the server reads as u32 would accept what the schema forbids.
#[test]
fn every_integer_input_states_its_bound() {
    fn walk(
        spec: &Value,
        v: &Value,
        at: String,
        seen: &mut HashSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(r) = v["$ref"].as_str() {
            if seen.insert(r.to_owned()) {
                walk(
                    spec,
                    spec.pointer(r.trim_start_matches('#')).unwrap(),
                    r.to_owned(),
                    seen,
                    out,
                );
            }
            return;
        }
        let integer = v["type"] == "integer"
            || v["type"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("integer")));
        if integer {
            let max = v["maximum"].as_i64();
            let fits = match (max, v["format"].as_str()) {
                (None, _) => false,
                (Some(m), Some("int32")) => m <= i64::from(i32::MAX),
                _ => true,
            };
            if !fits {
                out.push(at.clone());
            }
        }
        match v {
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| k.as_str() != "example" && k.as_str() != "examples")
                .for_each(|(k, child)| walk(spec, child, format!("{at}/{k}"), seen, out)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, child)| walk(spec, child, format!("{at}/{i}"), seen, out)),
            _ => {}
        }
    }
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let (mut seen, mut unbounded) = (HashSet::new(), Vec::new());
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("{method} {path}");
            walk(
                &spec,
                &op["parameters"],
                at.clone(),
                &mut seen,
                &mut unbounded,
            );
            walk(&spec, &op["requestBody"], at, &mut seen, &mut unbounded);
        }
    }
    assert!(
        unbounded.is_empty(),
        "integers without a fitting maximum: {unbounded:#?}"
    );
}

/// The free-text fields clients fill in state the length their handlers
/// take (counted as sent; `tests/api/errors.rs` holds a ticket to it).
#[test]
fn free_text_fields_state_their_length() {
    const FIELDS: [(&str, &str, u64); 22] = [
        ("OutletInput", "name", 200),
        ("OutletInput", "address", 500),
        ("OutletInput", "note", 1000),
        ("OutletPatch", "name", 200),
        ("TicketInput", "subject", 200),
        ("TicketInput", "description", 5000),
        ("ReporterDto", "name", 100),
        ("ActionRequest", "reply", 5000),
        ("ActionRequest", "note", 5000),
        ("ActionRequest", "public_note", 1000),
        ("SupplementInput", "text", 5000),
        ("AgencyDraft", "name", 200),
        ("CampaignDraft", "name", 200),
        ("EventDraft", "description", 5000),
        ("Outcome", "highlights", 5000),
        ("EntryContent", "answer", 20000),
        ("PersonDraft", "name", 50),
        ("VisitDraft", "notes", 5000),
        ("PlanDraft", "title", 200),
        ("TaskDraft", "content", 5000),
        ("MatterGuide", "name", 200),
        ("ProgressInput", "note", 2000),
    ];
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = &spec["components"]["schemas"];
    let wrong: Vec<String> = (FIELDS.iter())
        .filter(|(schema, field, max)| {
            schemas[schema]["properties"][field]["maxLength"].as_u64() != Some(*max)
        })
        .map(|(schema, field, max)| format!("{schema}.{field} (want {max})"))
        .collect();
    assert!(wrong.is_empty(), "lengths not stated: {wrong:?}");
}

/// Codes and numbers a client copies from elsewhere state their shape.
#[test]
fn codes_and_tracking_numbers_state_their_pattern() {
    // Schema attributes take only literal patterns: each must be the one
    // `domain::length` names.
    use ipr_service::domain::length::{ID, REGION_CODE as REGION};
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = &spec["components"]["schemas"];
    for (schema, field, pattern) in [
        ("OutletInput", "region_code", REGION),
        ("OutletPatch", "region_code", REGION),
        ("TicketInput", "region_code", REGION),
        ("AgencyDraft", "region_code", REGION),
        ("EntryContent", "region_code", REGION),
        ("TargetDraft", "region_code", REGION),
        ("TargetDraft", "recruited_by_region", REGION),
        ("AssignmentInput", "region_code", REGION),
        ("VisitDraft", "region_code", REGION),
        ("CampaignDraft", "region_code", REGION),
        ("EventDraft", "region_code", REGION),
        ("UnitRef", "region_code", REGION),
        ("PersonDraft", "submitted_by_region", REGION),
        ("Open311RequestForm", "attribute[region_code]", REGION),
        ("OutletInput", "parent_id", ID),
        ("OutletPatch", "parent_id", ID),
        ("EntryContent", "owner_outlet_id", ID),
        ("PersonDraft", "outlet_id", ID),
        ("HandoverInput", "ticket_id", ID),
        ("HandoverInput", "person_id", ID),
        ("AssignmentInput", "person_id", ID),
        ("AssignmentInput", "target_id", ID),
        ("VisitDraft", "person_id", ID),
        ("VisitDraft", "target_id", ID),
        ("EventDraft", "campaign_id", ID),
        ("EventDraft", "organiser_outlet_id", ID),
        ("UnitRef", "outlet_id", ID),
        ("TicketInput", "agency", ID),
        ("ActionRequest", "outlet_id", ID),
        ("ActionRequest", "merge_into", ID),
        ("KeyInput", "outlet_id", ID),
        ("KeyInput", "person_id", ID),
        ("SubscriptionInput", "outlet_id", ID),
        ("SupplementInput", "tracking", "^[0-9]{8}-[0-9]{6,7}$"),
        ("SupplementInput", "token", "^[0-9a-f]{48}$"),
    ] {
        let stated = schemas[schema]["properties"][field]["pattern"].as_str();
        assert_eq!(stated, Some(pattern), "{schema}.{field}");
    }
    let status = &spec["paths"]["/api/v1/tickets/status"]["get"]["parameters"];
    let tracking = (status.as_array().unwrap().iter()).find(|p| p["name"] == "tracking");
    assert_eq!(
        tracking.and_then(|p| p["schema"]["pattern"].as_str()),
        Some("^[0-9]{8}-[0-9]{6,7}$")
    );
}

/// Whether a string schema states how long its value may be: a `maxLength`,
/// an enum, a date format or a pattern of fixed length (a non-string schema
/// is bounded by its own type).
fn bounded(schema: &Value, schemas: &Value) -> bool {
    if let Some(name) = schema["$ref"].as_str() {
        return bounded(&schemas[name.rsplit('/').next().unwrap()], schemas);
    }
    if let Some(branches) = schema["anyOf"].as_array() {
        return branches.iter().all(|b| bounded(b, schemas));
    }
    let is_string = schema["type"] == "string"
        || (schema["type"].as_array()).is_some_and(|t| t.iter().any(|t| t == "string"));
    let fixed_pattern =
        (schema["pattern"].as_str()).is_some_and(|p| !p.contains('*') && !p.contains('+'));
    !is_string
        || schema.get("maxLength").is_some()
        || schema.get("enum").is_some()
        || matches!(schema["format"].as_str(), Some("date" | "date-time"))
        || fixed_pattern
}

/// Every query and path parameter states how long it may be (the layers
/// refuse a longer value with a 400: `tests/api/errors.rs`).
#[test]
fn every_string_parameter_states_its_length() {
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = &spec["components"]["schemas"];
    let mut unbounded = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let place = p["in"].as_str().unwrap_or_default();
                if matches!(place, "query" | "path") && !bounded(&p["schema"], schemas) {
                    unbounded.push(format!("{method} {path} {place} {}", p["name"]));
                }
            }
        }
    }
    assert!(unbounded.is_empty(), "no stated length: {unbounded:#?}");
}

/// Every text a request body carries, at any depth, states how long it may
/// be; a spreadsheet upload is a file, bounded by the body limit.
#[test]
fn every_text_in_a_request_body_states_its_length() {
    fn walk(
        schema: &Value,
        at: &str,
        schemas: &Value,
        seen: &mut HashSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(name) = schema["$ref"].as_str() {
            let name = name.rsplit('/').next().unwrap();
            if seen.insert(name.to_owned()) {
                walk(&schemas[name], name, schemas, seen, out);
            }
            return;
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for branch in schema[key].as_array().into_iter().flatten() {
                walk(branch, at, schemas, seen, out);
            }
        }
        if schema.get("anyOf").is_none() && !bounded(schema, schemas) {
            out.push(at.to_owned());
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            walk(property, &format!("{at}.{name}"), schemas, seen, out);
        }
        if schema.get("items").is_some() {
            walk(&schema["items"], &format!("{at}[]"), schemas, seen, out);
        }
    }
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = &spec["components"]["schemas"];
    let (mut seen, mut unbounded) = (HashSet::new(), Vec::new());
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let content = op["requestBody"]["content"].as_object();
            for (media, body) in content.into_iter().flatten() {
                if media != "text/csv" {
                    walk(&body["schema"], media, schemas, &mut seen, &mut unbounded);
                }
            }
        }
    }
    assert!(seen.len() > 40, "only {} body schemas walked", seen.len());
    assert!(unbounded.is_empty(), "no stated length: {unbounded:#?}");
}
