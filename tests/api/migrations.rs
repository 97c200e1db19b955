//! Every migration reverts: the whole schema comes down and goes up again on
//! a seeded database, and the access log survives a step back over its
//! change of layout.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use ipr_service::db::access_log::{self, AccessFilter, Disclosure};
use ipr_service::db::{self, DbConn};

use crate::helpers::migrated_connection;

/// The migration before the access log was stored one row per answer.
const BEFORE_ANSWERS: &str = "2026-12-04-000021_rate_counters_unlogged";
/// The migration before its records were found by a full-text index (SQLite).
const BEFORE_SEARCH: &str = "2026-12-06-000022";
/// The migration before it moved into a file of its own (SQLite).
const BEFORE_OWN_FILE: &str = "2026-12-06-000023";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

/// Tables of the schema, diesel's own bookkeeping left out.
fn tables(conn: &mut DbConn) -> i64 {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'"
        }
        DbConn::Postgresql(_) => {
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_name <> '__diesel_schema_migrations'"
        }
    };
    count(conn, sql)
}

/// Every entry of the log as (time, key, record), in order.
fn entries(conn: &mut DbConn) -> Vec<(NaiveDateTime, String, String)> {
    let mut all: Vec<_> = (access_log::access_log(conn, &AccessFilter::default(), 1_000).unwrap())
        .into_iter()
        .map(|e| (e.at, e.key_id, e.ticket_id))
        .collect();
    all.sort();
    all
}

#[test]
fn every_migration_reverts_and_the_access_log_survives_a_step_back() {
    let (pool, _db) = migrated_connection();
    let mut conn = pool.get().unwrap();
    ipr_service::seed::run(&mut conn).unwrap();
    // Real tickets: an older schema's log refers to them.
    ipr_service::seed::synthetic_tickets::insert(&mut conn, 3, 1).unwrap();
    let t: Vec<String> = db::schema::tickets::table
        .select(db::schema::tickets::id)
        .load(&mut conn)
        .unwrap();
    let at = chrono::Utc::now().naive_utc();
    let mut shown = Disclosure::new(at, ("k1", "operator"), "queue", "ticket");
    shown.record_ids = t.clone();
    let mut one = Disclosure::new(at + Duration::seconds(1), ("k2", "admin"), "view", "ticket");
    one.record_ids = vec![t[1].clone()];
    access_log::log_access(&mut conn, &[shown, one]).unwrap();
    let before = entries(&mut conn);
    assert_eq!(before.len(), 4);

    let in_file = |conn: &mut DbConn, schema: &str| match conn {
        DbConn::Sqlite(_) => count(
            conn,
            &format!(
                "SELECT count(*) AS n FROM {schema}.sqlite_master WHERE name LIKE 'pii_access%'"
            ),
        ),
        DbConn::Postgresql(_) => -1,
    };
    if let DbConn::Sqlite(_) = *conn {
        assert_eq!(
            (in_file(&mut conn, "main"), in_file(&mut conn, "access")),
            (0, 11),
            "the log's table, indexes, full-text tables and triggers in its own file"
        );
    }
    let reverted = db::revert_migrations_to(&mut conn, Some(BEFORE_OWN_FILE)).unwrap();
    assert_eq!(
        reverted,
        [
            "2026-12-07-000025_access_log_records_gin",
            "2026-12-07-000024_access_log_own_file"
        ]
    );
    assert_eq!(entries(&mut conn), before, "moved back into the database");
    if let DbConn::Sqlite(_) = *conn {
        assert_eq!(
            (in_file(&mut conn, "main"), in_file(&mut conn, "access")),
            (11, 0)
        );
    }
    if let DbConn::Postgresql(_) = *conn {
        let records = "SELECT count(*) AS n FROM pii_access_records";
        assert_eq!(
            count(&mut conn, records),
            4,
            "the (record, answer) table again"
        );
    }
    let reverted = db::revert_migrations_to(&mut conn, Some(BEFORE_SEARCH)).unwrap();
    assert_eq!(reverted, ["2026-12-06-000023_access_log_record_search"]);
    let indexed = "SELECT count(*) AS n FROM pii_access_records";
    assert_eq!(count(&mut conn, indexed), 4);
    let reverted = db::revert_migrations_to(&mut conn, Some(BEFORE_ANSWERS)).unwrap();
    assert_eq!(reverted, ["2026-12-06-000022_access_log_answers"]);
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM pii_access_log"),
        4
    );
    assert!(db::pending_migrations(&mut conn).unwrap());
    db::run_migrations(&mut conn).unwrap();
    assert_eq!(
        entries(&mut conn),
        before,
        "the same views, after down and up"
    );
    let views_of = AccessFilter {
        ticket_id: Some(t[1].clone()),
        ..Default::default()
    };
    let found = access_log::access_log(&mut conn, &views_of, 10).unwrap();
    assert_eq!(
        found.len(),
        2,
        "found through the index rebuilt on the way up"
    );

    let all = db::revert_migrations_to(&mut conn, None).unwrap();
    let folder = match *conn {
        DbConn::Sqlite(_) => "migrations/sqlite",
        DbConn::Postgresql(_) => "migrations/postgres",
    };
    let shipped = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(all.len(), shipped, "every migration of the build: {all:?}");
    assert_eq!(
        tables(&mut conn),
        0,
        "every down migration drops what its up made"
    );
    if let DbConn::Sqlite(_) = *conn {
        assert_eq!(
            in_file(&mut conn, "access"),
            0,
            "nor left in the access log's file"
        );
    }
    db::run_migrations(&mut conn).unwrap();
    let report = ipr_service::seed::run(&mut conn).unwrap();
    assert!(report.outlets > 0 && report.regions > 0);

    let err = db::revert_migrations_to(&mut conn, Some("2026-13-01-000099")).unwrap_err();
    assert!(err.to_string().contains(BEFORE_ANSWERS), "{err}");
}
