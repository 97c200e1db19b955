//! The overdue sweep (督办): recompute deadlines that a new calendar or new
//! rules made stale, then escalate tickets whose deadline passed. Both work
//! in batches of [`BATCH`], each a short write, so intake never waits long.

use std::time::Duration;

use crate::error::AppError;
use crate::hotline::escalation::{refresh_batch, sweep_batch, Swept};
use crate::state::AppState;

/// Tickets per write.
pub const BATCH: i64 = 50;

/// Recomputes every stale deadline (after a new calendar year or new rules);
/// returns how many.
pub async fn refresh_all(state: &AppState) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let st = state.clone();
        let refreshed = state
            .write(move |conn| refresh_batch(conn, st.shared_directory(), st.now(), BATCH))
            .await?;
        total += refreshed;
        if refreshed < BATCH as usize {
            return Ok(total);
        }
    }
}

/// One full pass: every stale deadline, then every overdue ticket.
pub async fn run_once(state: &AppState) -> Result<Swept, AppError> {
    refresh_all(state).await?;
    let mut total = Swept::default();
    loop {
        let st = state.clone();
        let swept = state
            .write(move |conn| {
                let started = std::time::Instant::now();
                let swept = sweep_batch(conn, st.shared_directory(), st.now(), BATCH);
                // The benchmark reads this to report the longest hold of the writer.
                tracing::debug!(
                    held_us = started.elapsed().as_micros() as u64,
                    "sweep batch"
                );
                swept
            })
            .await?;
        total.examined += swept.examined;
        total.escalated += swept.escalated;
        total.refreshed += swept.refreshed;
        if !swept.more(BATCH) {
            return Ok(total);
        }
    }
}

/// Runs [`run_once`] every `every`.
pub fn spawn(state: AppState, every: Duration) {
    tokio::spawn(async move {
        // The first pass one interval after start, not at once: a replica
        // starting up answers requests before it sweeps.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(s) if s.escalated > 0 => {
                    tracing::info!(escalated = s.escalated, "overdue tickets escalated")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "escalation sweep failed"),
            }
        }
    });
}
