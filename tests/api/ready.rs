//! Readiness: 200 while the database answers with every migration applied and
//! the directory loaded; 503 naming what is missing once the database is gone.

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::helpers::spawn_app;

#[tokio::test]
async fn ready_until_the_database_goes_away() {
    let app = spawn_app().await;
    let (status, body) = app.get("/ready").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("ready")),
        "{body}"
    );
    let Ok(base) = std::env::var("TEST_POSTGRES_URL") else {
        // An embedded database cannot be taken away from under an open
        // connection; the PostgreSQL run of this suite checks the 503.
        return;
    };
    let url = app.database_url();
    let name = url.rsplit('/').next().unwrap().to_owned();
    let mut conn = PgConnection::establish(&base).unwrap();
    diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .unwrap();
    let (status, problem) = app.get("/ready").await;
    assert_eq!(status, 503, "{problem}");
    assert_eq!(problem["code"], "not_ready");
    assert!(
        problem["detail"].as_str().unwrap().contains("数据库"),
        "{problem}"
    );
    assert_eq!(app.get("/health").await.0, 200, "still alive");
}
