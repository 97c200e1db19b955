//! The minute job: escalation of overdue tickets and expiry of what is kept for a while.

use crate::db;
use crate::hotline::escalation;
use crate::state::AppState;

/// Every minute: escalates tickets whose clocks ran out (督办), forgets idle
/// rate-limit entries (through `forget_idle_clients`) and idempotency keys
/// older than a day.
pub fn spawn(state: AppState, forget_idle_clients: impl Fn() + Send + 'static) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let st = state.clone();
            match state
                .write(move |conn| escalation::sweep(conn, st.shared_directory(), st.now()))
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "overdue tickets escalated"),
                Err(e) => tracing::warn!(error = %e, "escalation sweep failed"),
            }
            forget_idle_clients();
            // Idempotency keys answer retries for a day, then are forgotten;
            // so is the directory change log (replicas poll it every second).
            // The webhook delivery log keeps 30 days, dead letters until redelivered.
            // Idempotency keys are stamped by the service clock (intake
            // time); the logs by the system clock.
            let day = chrono::Duration::hours(24);
            let keys_before = (state.now() - day).naive_utc();
            let now = chrono::Utc::now();
            let (day_ago, month_ago) = ((now - day).naive_utc(), (now - day * 30).naive_utc());
            if let Err(e) = state
                .write(move |conn| {
                    db::changes::prune(conn, day_ago)?;
                    db::deliveries::prune(conn, month_ago)?;
                    Ok(db::security::expire(conn, keys_before)?)
                })
                .await
            {
                tracing::warn!(error = %e, "expiring idempotency keys failed");
            }
        }
    });
}
