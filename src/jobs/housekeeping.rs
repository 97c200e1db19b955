//! The minute job: expiry of what is kept for a while, and the reminder to
//! publish next year's calendar.

use crate::config::RetentionConfig;
use crate::db;
use crate::domain::audit::Who;
use crate::jobs::retention;
use crate::state::AppState;

/// Every minute: forgets idle rate-limit entries (through
/// `forget_idle_clients`), idempotency keys older than a day and old log
/// entries; once a day from 1 November, warns while next year's calendar is
/// not published.
pub fn spawn(
    state: AppState,
    retention: RetentionConfig,
    forget_idle_clients: impl Fn() + Send + 'static,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        let mut warned_on = None;
        loop {
            tick.tick().await;
            let today = crate::domain::calendar::local_date(state.now());
            if warned_on != Some(today) {
                warned_on = Some(today);
                if let Err(e) = apply_retention(&state, &retention).await {
                    tracing::warn!(error = %e, "applying the retention periods failed");
                }
                let calendar = &state.directory().catalogue.calendar;
                if let Some(year) = calendar.next_year_due(today) {
                    tracing::warn!(
                        year,
                        "the {year} holiday arrangement is not published: clocks running into \
{year} count a provisional calendar; publish it with PUT /api/v1/calendar/{year} (admin)"
                    );
                }
            }
            forget_idle_clients();
            // Idempotency keys answer retries for a day, then are forgotten.
            // The webhook delivery log keeps 30 days, dead letters until redelivered.
            // Idempotency keys are stamped by the service clock (intake
            // time); the logs by the system clock.
            let day = chrono::Duration::hours(24);
            let keys_before = (state.now() - day).naive_utc();
            let now = chrono::Utc::now();
            let (day_ago, month_ago) = ((now - day).naive_utc(), (now - day * 30).naive_utc());
            // The change log is the public change feed too: kept as long as the audit trail.
            let log_before = (now - day * retention.audit_days as i32).naive_utc();
            if let Err(e) = state
                .write(move |conn| {
                    db::changes::prune(conn, log_before)?;
                    db::deliveries::prune(conn, month_ago)?;
                    db::rate_limits::prune(conn, day_ago)?;
                    Ok(db::security::expire(conn, keys_before)?)
                })
                .await
            {
                tracing::warn!(error = %e, "expiring idempotency keys failed");
            }
        }
    });
}

/// Runs `batch` on the writer, one writer turn each, until it does nothing;
/// how much it did in all.
async fn in_batches<F>(state: &AppState, batch: F) -> Result<usize, crate::error::AppError>
where
    F: Fn(&mut crate::db::DbConn) -> anyhow::Result<usize> + Clone + Send + 'static,
{
    let mut total = 0;
    loop {
        let batch = batch.clone();
        match state.write(move |conn| Ok(batch(conn)?)).await? {
            0 => return Ok(total),
            n => total += n,
        }
    }
}

/// Once a day: forgets audit entries past their retention, and erases the
/// personal data of tickets closed longer ago than the reporter retention,
/// one batch per writer turn so intake is never held up for long.
async fn apply_retention(
    state: &AppState,
    config: &RetentionConfig,
) -> Result<(), crate::error::AppError> {
    let now = state.now();
    let audit = config.clone();
    let pruned = in_batches(state, move |conn| {
        retention::prune_audit(conn, &audit, now, retention::PRUNE_BATCH)
    })
    .await?;
    if pruned > 0 {
        tracing::info!(pruned, "audit entries past their retention forgotten");
    }
    let Some(days) = config.reporter_days else {
        return Ok(());
    };
    let cutoff = retention::erasure_cutoff(days, now);
    let total = in_batches(state, move |conn| retention::erase_batch(conn, cutoff, now)).await?;
    if total > 0 {
        let who = Who::server();
        state
            .write(move |conn| {
                Ok(retention::record_erasure(
                    conn,
                    &who,
                    (cutoff, days, total),
                    now,
                )?)
            })
            .await?;
        tracing::info!(
            tickets = total,
            "reporters' personal data erased after the retention period"
        );
    }
    Ok(())
}
