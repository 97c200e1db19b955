//! The personal-data access log: one row per answer that showed personal
//! data in full, read as one entry per record shown.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use ipr_service::db::access_log::{self, AccessFilter, AccessRow, Disclosure};
use ipr_service::db::DbConn;

use crate::helpers::{items, migrated_connection, spawn_app};

fn answer(key: &str, at: NaiveDateTime, records: &[&str]) -> Disclosure {
    Disclosure {
        at,
        key_id: key.into(),
        role: "operator".into(),
        purpose: "queue".into(),
        record_kind: "ticket".into(),
        record_ids: records.iter().map(|r| r.to_string()).collect(),
    }
}

/// The whole log through `filter`, read in pages of `size` as the API pages.
fn read_in_pages(conn: &mut DbConn, filter: &AccessFilter, size: i64) -> Vec<AccessRow> {
    let mut all: Vec<AccessRow> = Vec::new();
    loop {
        let page_filter = AccessFilter {
            before_id: all.last().map(|e| e.id.clone()),
            ..filter.clone()
        };
        let page = access_log::access_log(conn, &page_filter, size).unwrap();
        let last = page.len() < size as usize;
        all.extend(page);
        if last {
            return all;
        }
    }
}

/// Entries through each filter, read in pages of 4 and of 100 (the same).
fn counts(conn: &mut DbConn, filters: &[AccessFilter]) -> Vec<usize> {
    (filters.iter())
        .map(|f| {
            let paged = read_in_pages(conn, f, 4);
            assert_eq!(paged, read_in_pages(conn, f, 100), "{f:?}");
            assert!(
                paged.windows(2).all(|w| w[0].id > w[1].id),
                "newest first, each entry once: {f:?}"
            );
            paged.len()
        })
        .collect()
}

/// A line of `EXPLAIN`.
#[derive(QueryableByName)]
struct Plan {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    plan: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The index of records' views holds the `entries` logged and nothing else:
/// on PostgreSQL its GIN index, read alone (no sequential scan), finds each
/// answer left and none forgotten; on SQLite its full-text index agrees with
/// the answers (FTS5's own check) and finds no views of the records forgotten.
fn assert_index_holds_only_what_is_logged(conn: &mut DbConn, entries: i64) {
    match conn {
        DbConn::Postgresql(_) => {
            const SHOWING: &str = "FROM pii_access_answers \
                WHERE string_to_array(pii_access_answers.record_ids, E'\\n') @> ARRAY[$1]::text[]";
            diesel::sql_query("SET enable_seqscan = off")
                .execute(conn)
                .unwrap();
            let plan: Vec<Plan> = diesel::sql_query(format!("EXPLAIN SELECT count(*) {SHOWING}"))
                .bind::<diesel::sql_types::Text, _>("t2")
                .load(conn)
                .unwrap();
            assert!(
                plan.iter()
                    .any(|p| p.plan.contains("pii_access_answers_records")),
                "read through the GIN index: {:?}",
                plan.iter().map(|p| &p.plan).collect::<Vec<_>>()
            );
            let found = |conn: &mut DbConn, record: &str| -> i64 {
                diesel::sql_query(format!("SELECT count(*) AS n {SHOWING}"))
                    .bind::<diesel::sql_types::Text, _>(record)
                    .get_result::<Count>(conn)
                    .unwrap()
                    .n
            };
            assert_eq!(found(conn, "t10"), 0, "a forgotten answer is not found");
            assert_eq!(found(conn, "t2"), entries / 3, "each answer left, once");
            diesel::sql_query("RESET enable_seqscan")
                .execute(conn)
                .unwrap();
        }
        DbConn::Sqlite(_) => {
            diesel::sql_query(
                "INSERT INTO pii_access_by_record (pii_access_by_record) VALUES ('integrity-check')",
            )
            .execute(conn)
            .expect("the index agrees with the answers");
            let found = |conn: &mut DbConn, record: &str| -> i64 {
                diesel::sql_query(
                    "SELECT count(*) AS n FROM pii_access_by_record WHERE pii_access_by_record MATCH ?",
                )
                .bind::<diesel::sql_types::Text, _>(format!("\"{record}\""))
                .get_result::<Count>(conn)
                .unwrap()
                .n
            };
            assert_eq!(found(conn, "t10"), 0, "a forgotten answer is not found");
            assert_eq!(found(conn, "t2"), entries / 3, "each answer left, once");
        }
    }
}

#[test]
fn entries_are_paged_filtered_and_forgotten_one_answer_at_a_time() {
    let (pool, _db) = migrated_connection();
    let mut conn = pool.get().unwrap();
    let start = chrono::Utc::now().naive_utc();
    // Five answers a second apart: keys a and b, three tickets each, t2 in every one.
    for i in 0..5 {
        let key = if i % 2 == 0 { "a" } else { "b" };
        let (first, last) = (format!("t{}", 10 + i), format!("t{}", 20 + i));
        let records = [first.as_str(), "t2", last.as_str()];
        let at = start + Duration::seconds(i);
        access_log::log_access(&mut conn, &[answer(key, at, &records)]).unwrap();
    }
    let filters = [
        AccessFilter::default(),
        AccessFilter {
            ticket_id: Some("t2".into()),
            ..Default::default()
        },
        AccessFilter {
            key_id: Some("b".into()),
            ..Default::default()
        },
        AccessFilter {
            from: Some(start + Duration::seconds(1)),
            to: Some(start + Duration::seconds(4)),
            ..Default::default()
        },
    ];
    assert_eq!(counts(&mut conn, &filters), [15, 5, 6, 9]);
    let newest = access_log::access_log(&mut conn, &AccessFilter::default(), 3).unwrap();
    let newest: Vec<&str> = newest.iter().map(|e| e.ticket_id.as_str()).collect();
    assert_eq!(
        newest,
        ["t24", "t2", "t14"],
        "newest first: the newest answer's last record first"
    );

    // The three oldest answers (nine entries) are past retention. A prune
    // forgets whole answers up to its budget of entries, at least one.
    let before = start + Duration::milliseconds(2500);
    assert_eq!(access_log::prune(&mut conn, before, 1).unwrap(), 3);
    assert_eq!(access_log::prune(&mut conn, before, 5).unwrap(), 3);
    assert_eq!(access_log::prune(&mut conn, before, 10).unwrap(), 3);
    assert_eq!(access_log::prune(&mut conn, before, 10).unwrap(), 0);
    assert_eq!(counts(&mut conn, &filters), [6, 2, 3, 3]);
    assert_index_holds_only_what_is_logged(&mut conn, 6);
}

/// Every ticket of an operator's queue page is in the auditor's view at once.
#[tokio::test]
async fn a_queue_read_is_audited_ticket_by_ticket() {
    let app = spawn_app().await;
    for i in 0..3 {
        let mut ticket = crate::helpers::fixtures::pingyao_ticket(i);
        ticket["reporter"] =
            serde_json::json!({ "name": "王五", "phone": format!("1390000000{i}") });
        let (status, body) = app
            .send(reqwest::Method::POST, "/api/v1/tickets", None, &ticket)
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, queue) = app.get_as("/api/v1/tickets", &app.operator_key).await;
    assert_eq!(status, 200);
    let shown: Vec<&str> = (items(&queue).iter())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let auditor = app.key(ipr_service::domain::vocab::Role::Auditor, None);
    let (status, log) = app.get_as("/api/v1/audit/pii-access", &auditor).await;
    assert_eq!(status, 200);
    let mut seen: Vec<&str> = (items(&log).iter())
        .filter(|e| e["purpose"] == "queue")
        .map(|e| e["ticket_id"].as_str().unwrap())
        .collect();
    seen.reverse();
    assert_eq!(
        seen, shown,
        "every ticket of the page, newest (last shown) first"
    );
    let (_, first) = app
        .get_as(
            &format!("/api/v1/audit/pii-access?ticket={}", shown[0]),
            &auditor,
        )
        .await;
    assert_eq!(items(&first).len(), 1);
    assert_eq!(items(&first)[0]["ticket_id"], shown[0]);
}

/// A record id outside the index's tokens (the service's own ids are letters,
/// digits and `-`) is still found, exactly, wildcards and case included; a
/// fragment of one, or nothing, finds nothing.
#[test]
fn a_record_id_of_any_characters_finds_exactly_its_views() {
    let (pool, _db) = migrated_connection();
    let mut conn = pool.get().unwrap();
    let at = chrono::Utc::now().naive_utc();
    let records = ["x_1%", "x_10", "X_1%", "ab-CD", "ab-cd", "票-1", "é"];
    access_log::log_access(&mut conn, &[answer("a", at, &records)]).unwrap();
    for record in records {
        let filter = AccessFilter {
            ticket_id: Some(record.into()),
            ..Default::default()
        };
        let found = read_in_pages(&mut conn, &filter, 4);
        assert_eq!(found.len(), 1, "{record}: {found:?}");
        assert_eq!(found[0].ticket_id, record);
    }
    for fragment in ["x_", "1%", "", "\n", "%"] {
        let none = AccessFilter {
            ticket_id: Some(fragment.into()),
            ..Default::default()
        };
        assert!(
            read_in_pages(&mut conn, &none, 4).is_empty(),
            "{fragment:?}"
        );
    }
}
