//! The synthetic ticket seed (`seed --tickets`) used by the benchmarks: on
//! PostgreSQL it ends with a vacuum that gathers the planner's statistics,
//! without which a freshly loaded database is planned as if it were empty,
//! and marks the pages visible to all, without which no index answers alone.

use diesel::sql_types::Double;
use diesel::{QueryableByName, RunQueryDsl};
use ipr_service::db::DbConn;

use crate::helpers::spawn_app;

#[derive(QueryableByName)]
struct Rows {
    #[diesel(sql_type = Double)]
    n: f64,
}

#[tokio::test]
async fn the_ticket_seed_leaves_its_tables_vacuumed_and_analyzed() {
    let app = spawn_app().await;
    let pool = app.pool();
    let (added, catalog) = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let added = ipr_service::seed::synthetic_tickets::insert(&mut conn, 40, 7).unwrap();
        // PostgreSQL's estimate of the histories' rows (-1 until the table
        // is first analyzed or vacuumed) and its pages marked visible to all.
        let catalog = match &mut *conn {
            DbConn::Postgresql(_) => {
                let mut of = |column: &str| {
                    let sql = format!(
                        "SELECT {column}::float8 AS n FROM pg_class WHERE relname = 'ticket_events'"
                    );
                    let found: Rows = diesel::sql_query(sql).get_result(&mut *conn).unwrap();
                    found.n
                };
                Some((of("reltuples"), of("relallvisible")))
            }
            DbConn::Sqlite(_) => None,
        };
        (added, catalog)
    })
    .await
    .unwrap();
    assert_eq!(added, 40);
    if let Some((rows, visible_pages)) = catalog {
        assert!(rows >= 40.0, "the histories were not analyzed: {rows}");
        assert!(visible_pages >= 1.0, "the histories were not vacuumed");
    }
}
