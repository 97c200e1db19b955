//! Group commit (组提交) for ticket intake.
//!
//! A ticket is acknowledged only once it is durable, so every intake pays for a
//! commit: on SQLite with `synchronous = FULL` an fsync of the log, on
//! PostgreSQL a WAL flush, and on both the day's numbering row stays locked
//! until then. Intakes that arrive while a commit is under way are queued and
//! then run together in one transaction with one commit. Nobody is answered
//! before that commit, so an acknowledged ticket is as durable as before.
//!
//! When one intake of a batch fails, the whole transaction is rolled back, the
//! failed intake is run again alone (its own answer, in its own transaction)
//! and the others are run again as a batch. That costs nothing while intakes
//! succeed, unlike a savepoint per intake (two more statements each, which on
//! PostgreSQL are two more round trips). Work must therefore be safe to run
//! again after a rollback, as anything inside one transaction is.
//!
//! Records that must be written before an answer but need not survive a power
//! cut (the personal-data access log of a read) ask for [`Durability::Written`]:
//! a batch of only those commits without waiting on the disk (SQLite's
//! `synchronous = NORMAL` for that commit, PostgreSQL's `synchronous_commit =
//! off`). They survive a crash of the service at once, and a crash of the
//! machine from the next flushed commit or checkpoint, a few seconds at most.
//! On SQLite the access log is a file of its own, always `NORMAL`
//! ([`crate::db::pool::access_log_file`]), synced by the next checkpoint.
//! A batch holding any flushed work is flushed as a whole.
//!
//! Jobs may leave rows to the batch's end ([`BatchConn`]): they are written
//! together just before the commit. Should that write fail, no job can be
//! blamed, so each job runs again alone with its own write and commit.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};

use super::durability::{restore_flushing, sqlite_synchronous, POSTGRES_COMMIT_WITHOUT_FLUSH};
use super::{write_transaction_after, DbConn, DbPool};
use crate::error::AppError;

mod batch;

pub use batch::BatchConn;

/// Most intakes that share one commit; later ones wait for the next.
pub const MAX_BATCH: usize = 64;

/// When a commit answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Durability {
    /// Once the log is written (survives a crash of the service; of the
    /// machine once the next flushed commit or checkpoint has run).
    Written,
    /// Once the log is on disk (survives a power cut): acknowledged tickets.
    Flushed,
}

/// One queued unit of work, kept with its result until its transaction's fate is known.
trait Queued: Send {
    /// How durable its commit must be before it is answered.
    fn durability(&self) -> Durability;
    /// Runs the work (again after a rollback), keeps its result, says whether it succeeded.
    fn attempt(&mut self, conn: &mut BatchConn<'_>) -> bool;
    /// Answers the caller with the kept result, given whether its transaction committed.
    fn answer(self: Box<Self>, committed: Result<(), String>);
}

type Job = Box<dyn Queued>;

/// The work of one caller, its latest result, and where to send the answer.
struct Pending<T, F> {
    durability: Durability,
    work: F,
    kept: Option<Result<T, AppError>>,
    caller: tokio::sync::oneshot::Sender<Result<T, AppError>>,
}

impl<T, F> Queued for Pending<T, F>
where
    T: Send,
    F: Fn(&mut BatchConn<'_>) -> Result<T, AppError> + Send,
{
    fn durability(&self) -> Durability {
        self.durability
    }

    fn attempt(&mut self, conn: &mut BatchConn<'_>) -> bool {
        let result = (self.work)(conn);
        let succeeded = result.is_ok();
        self.kept = Some(result);
        succeeded
    }

    fn answer(self: Box<Self>, committed: Result<(), String>) {
        let outcome = match (self.kept, committed) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(reason)) => Err(AppError::Internal(anyhow::anyhow!(reason))),
            (None, Ok(())) => Err(AppError::Internal(anyhow::anyhow!("job never ran"))),
        };
        // The caller may have gone (client hung up); the work stands.
        let _ = self.caller.send(outcome);
    }
}

/// Why a batch's transaction did not commit.
enum Failed {
    /// The job at this position failed; the transaction was rolled back.
    Job(usize),
    /// Writing the rows the jobs left failed; the transaction was rolled back.
    Flush(diesel::result::Error),
    /// The database refused a statement or the commit.
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Failed {
    fn from(e: diesel::result::Error) -> Self {
        Failed::Database(e)
    }
}

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

    /// Runs `work` in the next batch and returns its result once its
    /// transaction has committed and is on disk. Work that fails leaves
    /// nothing behind.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: Fn(&mut BatchConn<'_>) -> Result<T, AppError> + Send + 'static,
    {
        self.run_as(Durability::Flushed, work).await
    }

    /// [`run`](Self::run), answering once the commit is as durable as `durability`.
    pub async fn run_as<T, F>(&self, durability: Durability, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: Fn(&mut BatchConn<'_>) -> Result<T, AppError> + Send + 'static,
    {
        let (caller, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(Pending {
            durability,
            work,
            kept: None,
            caller,
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
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(e) => {
                tracing::error!(error = %e, "group commit: no connection");
                continue; // dropping the jobs answers their callers with an error
            }
        };
        // A panic fails the batch; the pool then discards the connection (its
        // transaction is still open), which rolls it back.
        if catch_unwind(AssertUnwindSafe(|| commit_batch(&mut conn, batch))).is_err() {
            tracing::error!("group commit: a job panicked; its batch was rolled back");
        }
    }
}

/// Commits the batch, taking failed jobs out one at a time, and answers
/// everyone. Failed jobs run again alone afterwards, each with its own
/// commit, so each answers for itself; should the batch's final write fail,
/// every job is run alone.
fn commit_batch(conn: &mut DbConn, mut batch: Vec<Job>) {
    let mut failed = Vec::new();
    while !batch.is_empty() {
        match run_together(conn, &mut batch) {
            Ok(()) => {
                answer_all(std::mem::take(&mut batch), &Ok(()));
            }
            Err(Failed::Job(i)) => failed.push(batch.remove(i)),
            Err(Failed::Flush(e)) if batch.len() > 1 => {
                tracing::warn!(error = %e, tickets = batch.len(), "group commit: running a batch one at a time");
                failed.append(&mut batch);
            }
            Err(Failed::Database(e) | Failed::Flush(e)) => {
                let reason = format!("group commit failed: {e}");
                tracing::error!(%reason, tickets = batch.len(), "group commit");
                answer_all(std::mem::take(&mut batch), &Err(reason));
            }
        }
    }
    for job in failed {
        let mut alone = [job];
        let outcome = match run_together(conn, &mut alone) {
            // Failed alone too: the answer is the job's own error.
            Ok(()) | Err(Failed::Job(_)) => Ok(()),
            Err(Failed::Database(e) | Failed::Flush(e)) => Err(format!("group commit failed: {e}")),
        };
        let [job] = alone;
        job.answer(outcome);
    }
}

/// One transaction over all of `batch`; rolled back at the first job that fails.
fn run_together(conn: &mut DbConn, batch: &mut [Job]) -> Result<(), Failed> {
    let durability = (batch.iter().map(|j| j.durability()).max()).unwrap_or(Durability::Flushed);
    let relaxed = durability == Durability::Written;
    // Set for every batch, so a flushed one never depends on an earlier reset.
    sqlite_synchronous(conn, if relaxed { "NORMAL" } else { "FULL" })?;
    let outcome = write_transaction_after(conn, &batch_prelude(relaxed), |conn| {
        let mut shared = BatchConn::new(conn);
        let jobs = batch.len();
        for (i, job) in batch.iter_mut().enumerate() {
            shared.room = (jobs - i) as i64;
            if !job.attempt(&mut shared) {
                return Err(Failed::Job(i));
            }
        }
        shared.flush().map_err(Failed::Flush)
    });
    if relaxed {
        // The batch's fate is decided.
        restore_flushing(conn);
    }
    outcome
}

fn answer_all(batch: Vec<Job>, outcome: &Result<(), String>) {
    for job in batch {
        job.answer(outcome.clone());
    }
}

/// What a batch begins with on PostgreSQL. Batches of several replicas take
/// turns: they all lock the day's numbering row anyway, and taking turns up
/// front means two batches can never wait on each other's idempotency keys
/// (a deadlock). SQLite's `BEGIN IMMEDIATE` already lets one writer in at a
/// time. A batch whose commit need not wait for the disk (`unflushed`) says
/// so too. Both go with the batch's `BEGIN` (see [`write_transaction_after`]):
/// with the checkout's `SELECT 1` gone as well, a queue page's access-log
/// entry takes three round trips instead of six.
fn batch_prelude(unflushed: bool) -> String {
    match unflushed {
        true => format!("{POSTGRES_COMMIT_WITHOUT_FLUSH}; {TAKE_TURN}"),
        false => TAKE_TURN.to_owned(),
    }
}

/// Waits for the batches of other replicas to commit (see [`batch_prelude`]).
const TAKE_TURN: &str = "SELECT pg_advisory_xact_lock(1734420311)";

#[cfg(test)]
mod tests;
