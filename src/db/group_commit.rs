//! Group commit (组提交) for ticket intake.
//!
//! A ticket is acknowledged only once it is durable, so every intake pays for a
//! commit: on SQLite with `synchronous = FULL` an fsync of the log, on
//! PostgreSQL a WAL flush, and on both the day's numbering row stays locked
//! until then. Intakes that arrive while a commit is under way are queued and
//! then run together: one transaction, each intake in its own savepoint (so one
//! that fails is rolled back alone), one commit. Nobody is answered before that
//! commit, so an acknowledged ticket is as durable as before.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};

use diesel::connection::SimpleConnection;
use diesel::Connection;

use super::{write_transaction, DbConn, DbPool};
use crate::error::AppError;

/// Most intakes that share one commit; later ones wait for the next.
pub const MAX_BATCH: usize = 64;

/// Called with the batch's outcome: `Err` (the reason) when it did not commit.
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
/// One queued unit of work: runs inside the batch and says how to answer.
type Job = Box<dyn FnOnce(&mut DbConn) -> Finish + Send>;

/// The queue in front of the committing thread.
#[derive(Debug, Clone)]
pub struct GroupCommit {
    jobs: Sender<Job>,
}

impl GroupCommit {
    /// Starts the committing thread on connections from `pool` (on SQLite the
    /// single writer connection, taken per batch so other writes interleave).
    pub fn start(pool: DbPool) -> std::io::Result<Self> {
        let (jobs, queue) = channel();
        std::thread::Builder::new()
            .name("ipr-group-commit".into())
            .spawn(move || commit_loop(&pool, &queue))?;
        Ok(Self { jobs })
    }

    /// Runs `work` in the next batch and returns its result once the batch has
    /// committed. Work that fails is rolled back to its savepoint, alone.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let result = conn.transaction(work);
            Box::new(move |committed| {
                let outcome = result.and_then(|value| {
                    committed
                        .map(|()| value)
                        .map_err(|reason| AppError::Internal(anyhow::anyhow!(reason)))
                });
                // The caller may have gone (client hung up); the work stands.
                let _ = answer.send(outcome);
            })
        });
        self.jobs
            .send(job)
            .map_err(|_| AppError::Internal(anyhow::anyhow!("group commit thread stopped")))?;
        answered.await.map_err(|_| {
            AppError::Internal(anyhow::anyhow!("group commit batch failed (see log)"))
        })?
    }
}

fn commit_loop(pool: &DbPool, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter().take(MAX_BATCH - 1));
        commit_batch(pool, batch);
    }
}

/// Runs a batch in one transaction and answers everyone in it. A panic in one
/// job fails the whole batch; the pool then discards the connection (its
/// transaction is still open), which rolls it back.
fn commit_batch(pool: &DbPool, batch: Vec<Job>) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(e) => {
            tracing::error!(error = %e, "group commit: no connection");
            return; // dropping the jobs answers their callers with an error
        }
    };
    let mut finishers = Vec::with_capacity(batch.len());
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        write_transaction(&mut conn, |conn| {
            serialize_with_other_replicas(conn)?;
            finishers.extend(batch.into_iter().map(|job| job(conn)));
            Ok::<_, diesel::result::Error>(())
        })
    }));
    let outcome = match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("group commit failed: {e}")),
        Err(_) => Err("a job panicked; its batch was rolled back".to_owned()),
    };
    if let Err(reason) = &outcome {
        tracing::error!(%reason, tickets = finishers.len(), "group commit");
    }
    for finish in finishers {
        finish(outcome.clone());
    }
}

/// On PostgreSQL, batches of several replicas take turns: they all lock the
/// day's numbering row anyway, and taking turns up front means two batches can
/// never wait on each other's idempotency keys (a deadlock). SQLite's
/// `BEGIN IMMEDIATE` already lets one writer in at a time.
fn serialize_with_other_replicas(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    match conn {
        DbConn::Postgresql(pg) => pg.batch_execute("SELECT pg_advisory_xact_lock(1734420311)"),
        DbConn::Sqlite(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseUrl;
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
            .batch_execute("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)")
            .unwrap();
        pool
    }

    fn insert(v: i64) -> impl FnOnce(&mut DbConn) -> Result<i64, AppError> {
        move |conn| {
            diesel::sql_query(format!("INSERT INTO t (v) VALUES ({v})")).execute(conn)?;
            Ok(v)
        }
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
}
