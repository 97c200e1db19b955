//! The webhook delivery worker: leases due deliveries from the outbox, sends
//! them signed, and records each attempt; failures are retried with
//! exponential backoff and jitter, then dead-lettered. Every replica may run
//! it: leases keep two workers from sending the same delivery.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};

use crate::config::WebhookConfig;
use crate::db::deliveries::{self, AttemptRow, Claimed, Finished};
use crate::domain::network::{literal_ip, AllowedNetworks};
use crate::domain::webhook::{retry_delay, sign};
use crate::error::AppError;
use crate::sealing::Sealer;
use crate::state::AppState;

/// Deliveries leased at once.
const BATCH: i64 = 16;

/// A configured HTTP client and the retry policy.
#[derive(Clone)]
pub struct Deliverer {
    client: reqwest::Client,
    config: WebhookConfig,
    targets: AllowedNetworks,
    secrets: Sealer,
}

/// A receiver whose address is internal and not allowed.
#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("target refused")
    }
}

impl std::error::Error for Refused {}

/// Resolves receivers' names at every attempt and keeps only the addresses
/// webhooks may reach, so a name that later resolves inward (DNS rebinding)
/// is refused too.
struct GuardedResolver(AllowedNetworks);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let targets = self.0.clone();
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let kept: Vec<std::net::SocketAddr> =
                found.filter(|a| targets.allows(a.ip())).collect();
            if kept.is_empty() {
                return Err(Box::new(Refused) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

impl Deliverer {
    /// Builds the client: timeouts, no redirects (a receiver that moved must
    /// be re-subscribed by an admin), a recognisable user agent.
    pub fn new(config: WebhookConfig, secrets: Sealer) -> anyhow::Result<Self> {
        let timeout = Duration::from_secs(config.timeout_secs);
        let targets = AllowedNetworks::parse(&config.allowed_networks);
        let client = reqwest::Client::builder()
            .dns_resolver(std::sync::Arc::new(GuardedResolver(targets.clone())))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ipr-service-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            config,
            targets,
            secrets,
        })
    }

    /// Sends what is due; returns how many attempts were made.
    pub async fn run_once(&self, state: &AppState) -> Result<usize, AppError> {
        let now = Utc::now().naive_utc();
        let token = uuid::Uuid::new_v4().to_string();
        // Longer than a round can take (the sends run concurrently, each within
        // the timeout), so a live worker keeps its lease; a dead one's runs out soon.
        let lease = chrono::Duration::seconds(self.config.timeout_secs as i64 * 2 + 10);
        let lease_token = token.clone();
        let claimed = state
            .write(move |conn| {
                Ok(deliveries::claim(
                    conn,
                    now,
                    (&lease_token, now + lease),
                    BATCH,
                )?)
            })
            .await?;
        let count = claimed.len();
        let sends = claimed.into_iter().map(|c| self.attempt(c));
        for (delivery_id, finished, attempt) in futures_util::future::join_all(sends).await {
            let token = token.clone();
            state
                .write(move |conn| {
                    Ok(deliveries::finish(
                        conn,
                        (&delivery_id, &token),
                        &finished,
                        &attempt,
                    )?)
                })
                .await?;
        }
        Ok(count)
    }

    async fn attempt(
        &self,
        (delivery, event, subscription): Claimed,
    ) -> (String, Finished, AttemptRow) {
        let started = Instant::now();
        let started_at = Utc::now();
        let timestamp = started_at.timestamp();
        let body = match subscription.include_subject {
            true => event.payload.clone(),
            false => without_subject(&event.payload),
        };
        let secret = self.secrets.open(&subscription.secret);
        let signature = (secret.as_deref())
            .map(|s| sign(s, &event.id, timestamp, body.as_bytes()))
            .unwrap_or_default();
        // Addresses written out in the URL are not resolved: check them here.
        let literal = url::Url::parse(&subscription.url)
            .ok()
            .and_then(|u| literal_ip(&u));
        let refused = literal.is_some_and(|ip| !self.targets.allows(ip));
        let request = self
            .client
            .post(&subscription.url)
            .header("content-type", "application/json")
            .header("webhook-id", &event.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .header("x-ipr-event-type", &event.event_type)
            .body(body);
        let result = match (refused, secret.is_some()) {
            (true, _) => Err(refused_text()),
            // Logged for the admin without detail; the operator's log says why.
            (_, false) => Err("signing secret unreadable: see the server log".to_owned()),
            _ => request.send().await.map_err(|e| describe(&e)),
        };
        if secret.is_none() {
            tracing::error!(
                subscription = %subscription.id,
                "a webhook secret does not open with IPR_SECRET_KEY: the key changed since it was sealed"
            );
        }
        let (status_code, error) = match result {
            Ok(res) if res.status().is_success() => (Some(res.status().as_u16() as i32), None),
            Ok(res) => (
                Some(res.status().as_u16() as i32),
                Some(format!("HTTP {}", res.status())),
            ),
            Err(e) => (None, Some(e)),
        };
        let attempt = AttemptRow {
            id: uuid::Uuid::now_v7().to_string(),
            delivery_id: delivery.id.clone(),
            started_at: started_at.naive_utc(),
            duration_ms: started.elapsed().as_millis().min(i32::MAX as u128) as i32,
            status_code,
            error,
        };
        let finished = self.outcome(delivery.attempts, attempt.error.is_none());
        (delivery.id, finished, attempt)
    }

    fn outcome(&self, failures_before: i32, ok: bool) -> Finished {
        let now = Utc::now().naive_utc();
        if ok {
            return Finished {
                state: "delivered",
                attempts: failures_before,
                next_attempt_at: now,
                delivered_at: Some(now),
            };
        }
        let failures = failures_before + 1;
        let delay = retry_delay(
            failures as u32,
            Duration::from_millis(self.config.retry_base_ms),
            Duration::from_secs(self.config.retry_max_secs),
            rand::random::<f64>(),
        );
        Finished {
            state: if failures as u32 >= self.config.max_attempts {
                "dead"
            } else {
                "pending"
            },
            attempts: failures,
            next_attempt_at: later(now, delay),
            delivered_at: None,
        }
    }
}

/// The payload with the ticket's free-text subject left out (`null`).
fn without_subject(payload: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(payload) {
        Ok(mut value) => {
            if let Some(ticket) = value.get_mut("ticket").and_then(|t| t.as_object_mut()) {
                ticket.insert("subject".into(), serde_json::Value::Null);
            }
            value.to_string()
        }
        Err(_) => payload.to_owned(),
    }
}

fn later(t: NaiveDateTime, d: Duration) -> NaiveDateTime {
    t + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// A short reason for the log: timeouts and refused connections named as such.
/// What admins see of a refused target: nothing about the network behind it.
fn refused_text() -> String {
    "target refused: not a permitted address".into()
}

fn describe(e: &reqwest::Error) -> String {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if cause.is::<Refused>() {
            return refused_text();
        }
        source = cause.source();
    }
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    let mut text = format!("{kind}: {e}");
    text.truncate(500);
    text
}

/// Runs the worker until the process ends.
pub fn spawn_worker(state: AppState, deliverer: Deliverer) {
    let every = Duration::from_millis(deliverer.config.poll_ms);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain what is due, then wait for the next tick.
            loop {
                match deliverer.run_once(&state).await {
                    Ok(n) if n as i64 == BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "webhook delivery round failed");
                        break;
                    }
                }
            }
        }
    });
}
