//! Group commit: a batch of access-log entries commits without waiting for
//! the disk, and the writer flushes every other commit as before.

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use ipr_service::config::DatabaseUrl;
use ipr_service::db::group_commit::{BatchConn, Durability, GroupCommit};
use ipr_service::db::{self, DbConn};
use ipr_service::error::AppError;

use crate::helpers::spawn_empty_app;

#[derive(QueryableByName)]
struct Level {
    #[diesel(sql_type = Text)]
    level: String,
}

/// How the open transaction will commit: SQLite's `synchronous` (1 NORMAL,
/// 2 FULL) or PostgreSQL's `synchronous_commit`.
fn commit_level(conn: &mut DbConn) -> Result<String, AppError> {
    let sql = match conn {
        DbConn::Sqlite(_) => "SELECT CAST(synchronous AS TEXT) AS level FROM pragma_synchronous",
        DbConn::Postgresql(_) => "SELECT current_setting('synchronous_commit') AS level",
    };
    let found: Level = diesel::sql_query(sql).get_result(conn)?;
    Ok(found.level)
}

/// [`commit_level`] as a job of a batch.
fn batch_level(conn: &mut BatchConn<'_>) -> Result<String, AppError> {
    commit_level(conn)
}

#[tokio::test]
async fn written_batches_skip_the_flush_and_every_other_commit_keeps_it() {
    let app = spawn_empty_app().await;
    let url: DatabaseUrl = app.database_url().parse().unwrap();
    let sqlite = matches!(url, DatabaseUrl::Sqlite(_));
    let (relaxed, flushed) = if sqlite { ("1", "2") } else { ("off", "on") };
    let pool = db::connect_pool(&url, 2).unwrap();
    let commits = GroupCommit::start(pool.clone()).unwrap();

    let written = commits.run_as(Durability::Written, batch_level).await;
    assert_eq!(written.unwrap(), relaxed);
    let after = commits.run(batch_level).await;
    assert_eq!(
        after.unwrap(),
        flushed,
        "a flushed batch after a written one"
    );

    // A written entry queued beside an intake shares its batch, which is
    // flushed: the first job holds the committing thread while both queue.
    let slow = commits.run(|conn: &mut BatchConn<'_>| {
        std::thread::sleep(std::time::Duration::from_millis(300));
        commit_level(conn)
    });
    let queued = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        tokio::join!(
            commits.run_as(Durability::Written, batch_level),
            commits.run(batch_level)
        )
    };
    let (slow, (entry, intake)) = tokio::join!(slow, queued);
    assert_eq!(slow.unwrap(), flushed);
    assert_eq!(intake.unwrap(), flushed);
    assert_eq!(
        entry.unwrap(),
        flushed,
        "a written entry batched with an intake"
    );

    // Other writers on the same connection flush as before.
    let outside = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        commit_level(&mut conn).unwrap()
    });
    assert_eq!(outside.await.unwrap(), flushed);
}
