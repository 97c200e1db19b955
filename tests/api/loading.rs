//! Loading the directory in parts (rowid ranges on SQLite, a reading and a
//! converting thread on PostgreSQL) gives the same directory as one reader,
//! with the outlets' details compressed (from 5,000 outlets on) or not.

use ipr_service::config::DatabaseUrl;
use ipr_service::db;
use ipr_service::directory::outlet_texts::codec;
use ipr_service::directory::Directory;

use crate::helpers::spawn_app;

#[tokio::test]
async fn loading_in_parts_gives_the_directory_one_reader_gives() {
    let app = spawn_app().await;
    let url: DatabaseUrl = app.database_url().parse().unwrap();
    let (one, parts) = tokio::task::spawn_blocking(move || {
        let pool = db::connect_pool(&url, 4).unwrap();
        let mut conn = pool.get().unwrap();
        ipr_service::seed::synthetic::insert(&mut conn, 6_000, 7).unwrap();
        let trained_before = codec::trained();
        let one = Directory::load(&mut conn).unwrap();
        drop(conn);
        let parts = Directory::load_in_parts(&pool, 0).unwrap();
        // The first large load of the process trains the table; records
        // made before it hold their details as they are.
        assert!(codec::trained());
        let bytes = |d: &Directory| -> usize { d.outlets.payloads().map(|o| o.text_bytes()).sum() };
        if !trained_before {
            assert!(
                bytes(&parts) * 10 < bytes(&one) * 8,
                "{} {}",
                bytes(&parts),
                bytes(&one)
            );
        }
        (one, parts)
    })
    .await
    .unwrap();
    assert_eq!(one.outlets.len(), 6_026);
    assert_eq!(parts.outlets.len(), one.outlets.len());
    for o in one.outlets.payloads() {
        let same = parts.outlets.get(o.id()).expect("every outlet is loaded");
        assert_eq!(same.to_outlet(), o.to_outlet());
    }
    let mut regions_with_outlets = 0;
    for (_, region) in one.regions.iter() {
        let ids = |d: &Directory| -> Vec<String> {
            d.outlets_in_region(&region.code)
                .map(|o| o.id().to_owned())
                .collect()
        };
        regions_with_outlets += usize::from(!ids(&one).is_empty());
        assert_eq!(ids(&parts), ids(&one), "{}", region.code);
    }
    assert!(regions_with_outlets > 100, "{regions_with_outlets}");
    for o in one.outlets.payloads().filter(|o| o.parent_id().is_some()) {
        let parent = o.parent_id().unwrap();
        assert_eq!(parts.outlet_subtree(parent), one.outlet_subtree(parent));
    }
    assert_eq!(parts.regions.len(), one.regions.len());
    assert_eq!(parts.catalogue.matters.len(), one.catalogue.matters.len());
}

#[tokio::test]
async fn the_rowid_span_is_read_from_the_ends_of_the_table_not_by_a_scan() {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Step {
        #[diesel(sql_type = diesel::sql_types::Text)]
        detail: String,
    }
    let app = spawn_app().await;
    let url: DatabaseUrl = app.database_url().parse().unwrap();
    if !matches!(url, DatabaseUrl::Sqlite(_)) {
        return;
    }
    let pool = db::connect_pool(&url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let db::DbConn::Sqlite(c) = &mut *conn else {
        unreachable!()
    };
    c.batch_execute("ANALYZE").unwrap();
    let plan: Vec<Step> =
        diesel::sql_query(format!("EXPLAIN QUERY PLAN {}", db::outlets::ROWID_SPAN))
            .load(c)
            .unwrap();
    let steps: Vec<&str> = plan.iter().map(|s| s.detail.as_str()).collect();
    assert!(
        steps.iter().any(|s| s.starts_with("SEARCH outlets")),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.starts_with("SCAN outlets")),
        "{steps:?}"
    );
}
