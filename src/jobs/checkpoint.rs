//! SQLite's write-ahead log copied into the database file off the writer's
//! path (检查点).
//!
//! Left to itself, SQLite checkpoints inside the commit that takes the log
//! past 1,000 pages: the committing writer copies the pages and syncs the
//! file while every other write (intakes, access-log entries) waits behind
//! it. An operator's queue page logs a full view of each ticket shown, about
//! 50 index pages a page, so under load that was every few commits. This job
//! checkpoints from a reading connection instead, without waiting for
//! readers or writers (`PASSIVE`); the commit's own checkpoint stays as a
//! backstop at a larger log ([`crate::db::pool::SQLITE_CHECKPOINT_BACKSTOP_PAGES`]).

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::db;
use crate::state::AppState;

/// How often the log is checkpointed: a checkpoint with nothing to copy
/// takes microseconds.
pub const EVERY: Duration = Duration::from_millis(50);

/// Every [`EVERY`], for the SQLite database at `database`: copies the
/// committed log into the file, when the log was written since the last
/// time (an idle server does not take a connection twenty times a second).
pub fn spawn(state: AppState, database: &Path) {
    let mut log = database.as_os_str().to_owned();
    log.push("-wal");
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (mut failing, mut copied) = (false, None::<SystemTime>);
        loop {
            tick.tick().await;
            let written = std::fs::metadata(&log).and_then(|m| m.modified()).ok();
            if written.is_some() && written == copied {
                continue;
            }
            let done = state.db(|conn| Ok(db::checkpoint(conn)?)).await;
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
}
