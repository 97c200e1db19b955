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

/// A replica starting while its directory cannot be read yet (another
/// session holds a lock on a table it loads): alive, not ready, and the API
/// answers 503 with `Retry-After`; once the lock goes, it becomes ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_starting_replica_is_alive_but_not_ready_until_its_directory_is_in() {
    let app = spawn_app().await;
    if std::env::var("TEST_POSTGRES_URL").is_err() {
        // SQLite readers are never blocked by another session (WAL); the
        // PostgreSQL run of this suite holds the load back with a lock.
        return;
    }
    let url = app.database_url();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            diesel::sql_query("LOCK TABLE outlet_hours IN ACCESS EXCLUSIVE MODE").execute(conn)?;
            locked_tx.send(()).unwrap();
            rx.recv().unwrap();
            Ok(())
        })
        .unwrap();
    });
    locked_rx.recv().unwrap();
    let replica = app.replica_starting();
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("{replica}{path}")).send();
    assert_eq!(get("/health").await.unwrap().status(), 200);
    let ready = get("/ready").await.unwrap();
    assert_eq!(ready.status(), 503);
    let problem: serde_json::Value = ready.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("目录"),
        "{problem}"
    );
    let api = get("/api/v1/outlets").await.unwrap();
    assert_eq!(
        (
            api.status().as_u16(),
            api.headers().contains_key("retry-after")
        ),
        (503, true)
    );
    assert_eq!(get("/metrics").await.unwrap().status(), 200);
    tx.send(()).unwrap();
    holder.join().unwrap();
    crate::helpers::wait_ready(&replica).await;
    assert_eq!(get("/api/v1/outlets").await.unwrap().status(), 200);
}
