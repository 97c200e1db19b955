//! SQLite's write-ahead log copied into the database file off the writer's
//! path (检查点).
//!
//! Left to itself, SQLite checkpoints inside the commit that takes the log
//! past 1,000 pages: the committing writer copies the pages and syncs the
//! file while every other write (intakes, access-log entries) waits behind
//! it. An operator's queue page logs a full view of each ticket shown, so
//! under load that was every few commits. This job checkpoints from a
//! connection of its own instead (not one of the requests' readers), without
//! waiting for readers or writers (`PASSIVE`); the commit's own checkpoint
//! stays as a backstop at a larger log
//! ([`crate::db::pool::SQLITE_CHECKPOINT_BACKSTOP_PAGES`]). The access log's
//! own file ([`crate::db::pool::access_log_file`]) is checkpointed with the
//! database, which also syncs the entries its commits did not wait for.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::config::DatabaseUrl;
use crate::db;

/// How often the log is checkpointed: a checkpoint with nothing to copy
/// takes microseconds.
pub const EVERY: Duration = Duration::from_millis(50);

/// Every [`EVERY`], for the SQLite database at `database` and its access
/// log: copies the committed logs into the files, when a log was written
/// since the last time (an idle server does not touch the database twenty
/// times a second).
/// Fails when the job's connection cannot be opened.
pub fn spawn(database: &Path) -> anyhow::Result<()> {
    let own = db::connect_pool(&DatabaseUrl::Sqlite(database.to_owned()), 1)?;
    let logs = [database.to_owned(), db::pool::access_log_file(database)].map(|file| {
        let mut log = file.into_os_string();
        log.push("-wal");
        PathBuf::from(log)
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (mut failing, mut copied) = (false, [None::<SystemTime>; 2]);
        loop {
            tick.tick().await;
            let written = logs
                .each_ref()
                .map(|log| std::fs::metadata(log).and_then(|m| m.modified()).ok());
            if written.iter().all(Option::is_some) && written == copied {
                continue;
            }
            let pool = own.clone();
            let done = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                Ok(db::checkpoint(&mut *pool.get()?)?)
            })
            .await
            .map_err(anyhow::Error::from)
            .and_then(|done| done);
            // Warned once per run of failures, not twenty times a second.
            match done {
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "checkpointing the SQLite log failed");
                }
                Err(_) => {}
                Ok(()) => (failing, copied) = (false, written),
            }
        }
    });
    Ok(())
}
