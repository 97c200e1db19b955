//! Retention (保存期限): audit trails are kept for the configured days (at
//! least 180) and then forgotten; reporters' personal data is erased from
//! tickets closed longer ago than the configured days, keeping the anonymous record.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::config::RetentionConfig;
use crate::db::{self, write_transaction, DbConn};
use crate::domain::audit::{Change, Who};

/// Entries of the audit trail, and of the access log, that one prune forgets
/// at most: a day's backlog (an operator's queue page logs 50 accesses) is
/// forgotten in short writes, never in one long hold of the writer.
pub const PRUNE_BATCH: i64 = 2_000;

/// Forgets up to `batch` audit entries and `batch` access-log entries older
/// than the retention period, oldest first; how many. Called until it
/// returns 0, a batch per writer turn.
pub fn prune_audit(
    conn: &mut DbConn,
    config: &RetentionConfig,
    now: DateTime<Utc>,
    batch: i64,
) -> anyhow::Result<usize> {
    let before = (now - Duration::days(config.audit_days.into())).naive_utc();
    Ok(db::audit::prune(conn, before, batch)? + db::access_log::prune(conn, before, batch)?)
}

/// The instant before which closed tickets are erased.
pub fn erasure_cutoff(days: u32, now: DateTime<Utc>) -> NaiveDateTime {
    (now - Duration::days(days.into())).naive_utc()
}

/// Erases one batch (its own transaction); how many tickets (0: done).
pub fn erase_batch(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    Ok(write_transaction(conn, |c| {
        db::retention::erase_batch(c, cutoff, now.naive_utc())
    })?)
}

/// Records in the audit trail that `total` tickets were erased.
pub fn record_erasure(
    conn: &mut DbConn,
    who: &Who,
    (cutoff, days, total): (NaiveDateTime, u32, usize),
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let change = Change::new(
        "reporter.erase",
        "ticket",
        format!("closed before {cutoff}"),
    )
    .after(serde_json::json!({ "tickets": total, "retention_days": days }));
    Ok(db::audit::record(conn, who, &change, now.naive_utc())?)
}

/// Erases every ticket due, batch by batch on one connection (the CLI's
/// way; the server gives the writer back between batches); how many.
pub fn erase_reporters(
    conn: &mut DbConn,
    days: u32,
    now: DateTime<Utc>,
    who: &Who,
) -> anyhow::Result<usize> {
    let cutoff = erasure_cutoff(days, now);
    let mut total = 0;
    loop {
        match erase_batch(conn, cutoff, now)? {
            0 => break,
            n => total += n,
        }
    }
    if total > 0 {
        record_erasure(conn, who, (cutoff, days, total), now)?;
    }
    Ok(total)
}
