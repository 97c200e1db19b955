//! Online backup of the embedded database while the server writes, and restore.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::Method;

use crate::helpers::fixtures::pingyao_ticket;
use crate::helpers::spawn_app;

/// Concurrent ticket writers while the backup runs.
const WRITERS: usize = 8;

fn cli(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ipr-service"))
        .args(args)
        .env("IPR_DATABASE_URL", database_url)
        .env_remove("IPR_CONFIG")
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_load_holds_every_ticket_acknowledged_before_it() {
    let app = Arc::new(spawn_app().await);
    let url = app.database_url();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    if url.starts_with("postgres") {
        let refused = cli(&url, &["backup", copy.to_str().unwrap()]);
        assert!(String::from_utf8_lossy(&refused.stderr).contains("pg_dump"));
        return;
    }
    // An operator's full view of a named reporter is logged, in the access
    // log's own file.
    let mut named = pingyao_ticket(999_999);
    named["reporter"] = serde_json::json!({ "name": "王五", "phone": "13900000009" });
    let (status, body) = app
        .send(Method::POST, "/api/v1/tickets", None, &named)
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = app.get_as("/api/v1/tickets", &app.operator_key).await;
    assert_eq!(status, 200);
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(
        Vec::<(std::time::Instant, String)>::new(),
    ));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (app, stop, acknowledged) = (app.clone(), stop.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let (status, receipt) = app
                        .send(
                            Method::POST,
                            "/api/v1/tickets",
                            None,
                            &pingyao_ticket(w * 1000 + n),
                        )
                        .await;
                    if status != 201 {
                        return Err(format!("writer {w}, ticket {n}: {status} {receipt}"));
                    }
                    let tracking = receipt["tracking_number"].as_str().unwrap().to_owned();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push((std::time::Instant::now(), tracking));
                    n += 1;
                }
                Ok(())
            })
        })
        .collect();
    // A loaded machine may take seconds over the first tickets: wait for them,
    // so that the backup is always taken while acknowledged tickets exist.
    let waited = std::time::Instant::now();
    while acknowledged.lock().unwrap().len() < WRITERS {
        assert!(
            waited.elapsed().as_secs() < 60,
            "fewer than {WRITERS} tickets acknowledged in 60 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let began = std::time::Instant::now();
    let out = tokio::task::spawn_blocking({
        let (url, copy) = (url.clone(), copy.clone());
        move || cli(&url, &["backup", copy.to_str().unwrap()])
    })
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap().unwrap();
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains("integrity ok"),
        "{stderr}"
    );
    let before: Vec<String> = (acknowledged.lock().unwrap().iter())
        .filter(|(at, _)| *at < began)
        .map(|(_, t)| t.clone())
        .collect();
    assert!(
        before.len() >= WRITERS,
        "writers were writing: {}",
        before.len()
    );
    let restored_url = format!("sqlite://{}", dir.path().join("restored/ipr.db").display());
    let restored = cli(&restored_url, &["restore", copy.to_str().unwrap()]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    use diesel::prelude::*;
    let mut conn =
        diesel::SqliteConnection::establish(&dir.path().join("restored/ipr.db").to_string_lossy())
            .unwrap();
    use ipr_service::db::schema::tickets;
    let held: Vec<String> = tickets::table
        .select(tickets::tracking_number)
        .load(&mut conn)
        .unwrap();
    let missing: Vec<&String> = before.iter().filter(|t| !held.contains(t)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup but not in it: {missing:?}"
    );
    let restored_path = dir.path().join("restored/ipr.db");
    let mut with_log = ipr_service::db::backup::open(&restored_path).unwrap();
    let logged: i64 = diesel::sql_query("SELECT COUNT(*) AS n FROM access.pii_access_answers")
        .get_result::<Count>(&mut with_log)
        .unwrap()
        .n;
    assert!(logged >= 1, "the access log came back with the database");
    // Restoring over an existing database is refused.
    let again = cli(&restored_url, &["restore", copy.to_str().unwrap()]);
    assert!(!again.status.success());
    // A copy without its access log is refused, naming the missing file.
    let access = ipr_service::db::pool::access_log_file(&copy);
    std::fs::remove_file(&access).unwrap();
    let elsewhere = format!("sqlite://{}", dir.path().join("other/ipr.db").display());
    let refused = cli(&elsewhere, &["restore", copy.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains(&*access.to_string_lossy()), "{stderr}");
}

/// `SELECT COUNT(*) AS n`.
#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The server copies SQLite's log into the database file in the background:
/// a ticket is in the file itself (read without its log) well before the log
/// reaches the size at which a commit would copy it.
#[tokio::test]
async fn a_committed_ticket_reaches_the_database_file_in_the_background() {
    let app = spawn_app().await;
    let url = app.database_url();
    let Some(path) = url.strip_prefix("sqlite://") else {
        return; // PostgreSQL has no log of ours to copy.
    };
    let (status, receipt) = app
        .send(Method::POST, "/api/v1/tickets", None, &pingyao_ticket(1))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let tracking = receipt["tracking_number"].as_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file_alone = dir.path().join("file-alone.db");
    let waited = std::time::Instant::now();
    loop {
        // The file without its -wal and -shm companions: what a checkpoint has copied.
        std::fs::copy(path, &file_alone).unwrap();
        use diesel::prelude::*;
        use ipr_service::db::schema::tickets;
        let mut conn = diesel::SqliteConnection::establish(&file_alone.to_string_lossy()).unwrap();
        let found: i64 = tickets::table
            .filter(tickets::tracking_number.eq(&tracking))
            .count()
            .get_result(&mut conn)
            .unwrap();
        if found == 1 {
            return;
        }
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(5),
            "the ticket is still only in the log"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
