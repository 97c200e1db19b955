//! The overdue sweep (督办): recompute deadlines that a new calendar or new
//! rules made stale, then escalate tickets whose deadline passed. Both work
//! in batches of [`BATCH`], each a short write, so intake never waits long.

use std::time::Duration;

use crate::db;
use crate::error::AppError;
use crate::hotline::escalation::{apply_batch, plan_batch, refresh, Swept};
use crate::state::AppState;

/// Tickets per write. An escalation writes about 1 ms of rows on SQLite (the
/// ticket, its event, deadline, counters and outbox): at 1,000,000 tickets
/// batches of 50 held the writer up to 62 ms, batches of 20 up to 48 ms
/// (p50 9 ms). A batch also stops writing after
/// [`crate::hotline::escalation::HOLD_BUDGET`], which bounds it on PostgreSQL.
pub const BATCH: i64 = 20;

/// How long the sweep leaves the writer free after a batch, as a multiple of
/// the batch's time: a backlog of escalations takes at most a third of the
/// writer. At 1,000,000 tickets on PostgreSQL with 159,642 escalatable, four
/// paired rounds of intake beside the sweep gave 3,885–4,315 tickets a second
/// with twice the rest against 3,621–3,971 with an equal rest (about 6 % more),
/// while the sweep escalated a third fewer (170 batches in 8 s against 260).
const REST_PER_BATCH_TIME: u32 = 2;

/// Recomputes every stale summary (after a new calendar year or new rules).
/// Walks every ticket once, in id order: the stale ones are found on a
/// reading connection, and recomputed [`BATCH`] at a time in short writes.
pub async fn refresh_all(state: &AppState) -> Result<(), AppError> {
    let mut after = String::new();
    loop {
        let stamp = state.directory().catalogue.clock_stamp();
        let from = after.clone();
        let ids = state
            .db(move |conn| Ok(db::deadlines::stale(conn, stamp, &from, BATCH)?))
            .await?;
        let Some(last) = ids.last().cloned() else {
            return Ok(());
        };
        let st = state.clone();
        let full = ids.len() as i64 == BATCH;
        state
            .write(move |conn| refresh(conn, st.shared_directory(), st.now(), &ids))
            .await?;
        if !full {
            return Ok(());
        }
        after = last;
    }
}

/// Every overdue ticket that can still be escalated, in batches.
pub async fn sweep_all(state: &AppState) -> Result<Swept, AppError> {
    let mut total = Swept::default();
    loop {
        let st = state.clone();
        let began = std::time::Instant::now();
        let plan = state
            .db(move |conn| plan_batch(conn, st.shared_directory(), st.now(), BATCH))
            .await?;
        let swept = state
            .write(move |conn| {
                let started = std::time::Instant::now();
                let swept = apply_batch(conn, &plan);
                // The benchmark reads this to report the longest hold of the
                // writer, and how much of it was writing before the commit.
                tracing::debug!(
                    held_us = started.elapsed().as_micros() as u64,
                    wrote_us = swept.as_ref().map_or(0, |s| s.writing.as_micros() as u64),
                    "sweep batch"
                );
                swept
            })
            .await?;
        // Intake comes first: a backlog of escalations may wait.
        tokio::time::sleep(began.elapsed() * REST_PER_BATCH_TIME).await;
        total.examined += swept.examined;
        total.escalated += swept.escalated;
        total.refreshed += swept.refreshed;
        total.writing += swept.writing;
        if !swept.more(BATCH) {
            return Ok(total);
        }
    }
}

/// Every `every`: a refresh when the calendar or rules changed since the last
/// one (and once at start, for summaries missing after an upgrade), then the sweep.
pub fn spawn(state: AppState, every: Duration) {
    tokio::spawn(async move {
        // The first pass one interval after start, not at once: a replica
        // starting up answers requests before it sweeps.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let mut refreshed_for = None;
        loop {
            tick.tick().await;
            // Sweep first: the walk for stale summaries reads every ticket.
            match sweep_all(&state).await {
                Ok(s) if s.escalated > 0 => {
                    tracing::info!(escalated = s.escalated, "overdue tickets escalated")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "escalation sweep failed"),
            }
            let stamp = state.directory().catalogue.clock_stamp();
            if refreshed_for != Some(stamp) {
                match refresh_all(&state).await {
                    Ok(()) => refreshed_for = Some(stamp),
                    Err(e) => tracing::warn!(error = %e, "recomputing ticket deadlines failed"),
                }
            }
        }
    });
}
