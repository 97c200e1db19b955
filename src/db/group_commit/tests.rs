//! The group commit on a scratch SQLite database, and on PostgreSQL where
//! `TEST_POSTGRES_URL` names one.

use super::*;
use crate::config::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::RunQueryDsl;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn pool(dir: &tempfile::TempDir) -> DbPool {
    let url: DatabaseUrl = format!("sqlite://{}/g.db", dir.path().display())
        .parse()
        .unwrap();
    let pool = super::super::connect_pool(&url, 1).unwrap();
    pool.get()
        .unwrap()
        .batch_execute(
            "CREATE TABLE t (v INTEGER NOT NULL UNIQUE);
             CREATE TABLE ticket_counters (day TEXT PRIMARY KEY NOT NULL, last BIGINT NOT NULL);
             CREATE TABLE pii_access_answers (id TEXT PRIMARY KEY NOT NULL,
                 at TIMESTAMP NOT NULL, key_id TEXT NOT NULL CHECK (key_id <> 'refused'),
                 role TEXT NOT NULL, purpose TEXT NOT NULL, record_kind TEXT NOT NULL,
                 record_ids TEXT NOT NULL);",
        )
        .unwrap();
    pool
}

fn insert(v: i64) -> impl Fn(&mut BatchConn<'_>) -> Result<i64, AppError> {
    move |conn| {
        diesel::sql_query(format!("INSERT INTO t (v) VALUES ({v})")).execute(&mut **conn)?;
        Ok(v)
    }
}

fn count(pool: &DbPool, sql: &str) -> i64 {
    let found: Count = diesel::sql_query(sql)
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    found.n
}

/// Holds the committing thread, so the jobs sent meanwhile form one batch.
fn slow(conn: &mut BatchConn<'_>) -> Result<i64, AppError> {
    std::thread::sleep(std::time::Duration::from_millis(300));
    conn.next_sequence("20261204").map_err(AppError::from)
}

/// Inserts `v` into `t` and leaves an access-log entry by key `key` to the
/// batch's end (the table refuses the key `refused`).
fn insert_and_log(v: i64, key: &str) -> impl Fn(&mut BatchConn<'_>) -> Result<i64, AppError> {
    let key = key.to_owned();
    move |conn| {
        insert(v)(conn)?;
        conn.log_access(crate::db::access_log::Disclosure {
            at: chrono::Utc::now().naive_utc(),
            key_id: key.clone(),
            role: "operator".into(),
            purpose: "test".into(),
            record_kind: "ticket".into(),
            record_ids: vec![format!("ticket-{v}")],
        });
        Ok(v)
    }
}

#[tokio::test]
async fn a_batch_reserves_tracking_numbers_once_and_gives_back_the_unused() {
    let dir = tempfile::tempdir().unwrap();
    let pool = pool(&dir);
    let group = GroupCommit::start(pool.clone()).unwrap();
    let first = group.run(slow);
    // Queued behind the slow job: ten that take a number, five that do not.
    let queued = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let numbered = (0..10)
            .map(|_| group.run(|conn: &mut BatchConn<'_>| Ok(conn.next_sequence("20261204")?)));
        let others = (0..5).map(|i| group.run(insert(i)));
        tokio::join!(
            futures_util::future::join_all(numbered),
            futures_util::future::join_all(others)
        )
    };
    let (first, (numbered, others)) = tokio::join!(first, queued);
    let mut taken: Vec<i64> = numbered.into_iter().map(Result::unwrap).collect();
    taken.push(first.unwrap());
    taken.sort_unstable();
    assert_eq!(taken, (1..=11).collect::<Vec<_>>());
    assert!(others.iter().all(Result::is_ok));
    let last = "SELECT last AS n FROM ticket_counters WHERE day = '20261204'";
    assert_eq!(count(&pool, last), 11, "unused numbers are given back");
    assert_eq!(group.run(slow).await.unwrap(), 12);
}

#[tokio::test]
async fn when_the_batch_end_write_fails_every_job_runs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let pool = pool(&dir);
    let group = GroupCommit::start(pool.clone()).unwrap();
    let first = group.run(|conn: &mut BatchConn<'_>| {
        std::thread::sleep(std::time::Duration::from_millis(300));
        insert_and_log(100, "k")(conn)
    });
    // Job 7 leaves an entry the table refuses: the batch's end write fails,
    // and no job can be blamed until each runs alone.
    let queued = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let jobs = (0..10).map(|i| {
            let key = if i == 7 { "refused" } else { "k" };
            group.run(insert_and_log(i, key))
        });
        futures_util::future::join_all(jobs).await
    };
    let (first, results) = tokio::join!(first, queued);
    assert_eq!(first.unwrap(), 100);
    let failed: Vec<usize> = (results.iter().enumerate())
        .filter_map(|(i, r)| r.is_err().then_some(i))
        .collect();
    assert_eq!(
        failed,
        vec![7],
        "only the job whose entry cannot be stored fails"
    );
    assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM t"), 10);
    assert_eq!(
        count(&pool, "SELECT COUNT(*) AS n FROM pii_access_answers"),
        10
    );
    assert_eq!(count(&pool, "SELECT COUNT(*) AS n FROM t WHERE v = 7"), 0);
}

#[tokio::test]
async fn a_failing_job_is_rolled_back_alone_and_the_rest_commit() {
    let dir = tempfile::tempdir().unwrap();
    let pool = pool(&dir);
    let group = GroupCommit::start(pool.clone()).unwrap();
    let jobs = (0..40).map(|i| {
        let group = group.clone();
        // 7 twice: the second insert violates UNIQUE after writing nothing else.
        async move { group.run(insert(if i == 39 { 7 } else { i })).await }
    });
    let results = futures_util::future::join_all(jobs).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 39);
    assert!(results[39].is_err());
    let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM t")
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    assert_eq!(count.n, 39);
}

#[tokio::test]
async fn a_job_error_after_its_writes_undoes_them() {
    let dir = tempfile::tempdir().unwrap();
    let pool = pool(&dir);
    let group = GroupCommit::start(pool.clone()).unwrap();
    let failed = group
        .run(|conn| {
            insert(1)(conn)?;
            Err::<(), _>(AppError::Internal(anyhow::anyhow!("after writing")))
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(group.run(insert(2)).await.unwrap(), 2);
    let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM t")
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    assert_eq!(count.n, 1);
}

#[derive(diesel::QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

/// What a job of the batch sees of `synchronous_commit`.
fn commit_setting(conn: &mut BatchConn<'_>) -> Result<String, AppError> {
    let sql = "SELECT current_setting('synchronous_commit') AS value";
    let found: Setting = diesel::sql_query(sql).get_result(&mut **conn)?;
    Ok(found.value)
}

/// Needs `TEST_POSTGRES_URL`. An unflushed batch says so in the statement
/// that takes its turn; a flushed one waits for the disk, and the setting
/// ends with each batch's transaction.
#[tokio::test]
async fn postgres_batches_commit_as_durably_as_their_jobs_ask() {
    let Some(pool) = crate::db::pool::test_postgres_pool() else {
        return;
    };
    let group = GroupCommit::start(pool.clone()).unwrap();
    let written = group.run_as(Durability::Written, commit_setting).await;
    assert_eq!(written.unwrap(), "off");
    assert_eq!(group.run(commit_setting).await.unwrap(), "on");
    let written = group.run_as(Durability::Written, commit_setting).await;
    assert_eq!(written.unwrap(), "off");
}
