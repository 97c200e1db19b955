//! Abuse limits on public intake: per client IP and per reporter phone.

use std::num::NonZeroU32;

use actix_web::HttpRequest;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::GuardConfig;
use crate::error::AppError;

/// The limiters shared by all workers.
pub struct IntakeGuard {
    per_ip: DefaultKeyedRateLimiter<String>,
    per_phone: DefaultKeyedRateLimiter<String>,
    trust_forwarded_for: bool,
}

impl std::fmt::Debug for IntakeGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntakeGuard")
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .finish_non_exhaustive()
    }
}

fn at_least_one(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl IntakeGuard {
    /// Limiters with the configured quotas.
    pub fn new(config: &GuardConfig) -> Self {
        Self {
            per_ip: RateLimiter::keyed(Quota::per_minute(at_least_one(
                config.intake_per_ip_per_minute,
            ))),
            per_phone: RateLimiter::keyed(Quota::per_hour(at_least_one(
                config.intake_per_phone_per_hour,
            ))),
            trust_forwarded_for: config.trust_forwarded_for,
        }
    }

    /// The client's address: the peer, or `X-Forwarded-For` behind a trusted proxy.
    pub fn client_ip(&self, req: &HttpRequest) -> String {
        if self.trust_forwarded_for {
            if let Some(ip) = req.connection_info().realip_remote_addr() {
                return ip.to_owned();
            }
        }
        req.peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
    }

    /// 429 with `Retry-After` when this client or phone is over its quota.
    pub fn check(&self, req: &HttpRequest, phone: Option<&str>) -> Result<(), AppError> {
        // The limiter's own clock: building a new one calibrates it (cpuid), per request.
        let now = self.per_ip.clock().now();
        let refuse = |wait: std::time::Duration, field| AppError::TooManyRequests {
            retry_after_s: wait.as_secs().max(1),
            field,
        };
        self.per_ip
            .check_key(&self.client_ip(req))
            .map_err(|e| refuse(e.wait_time_from(now), "client"))?;
        if let Some(phone) = phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            self.per_phone
                .check_key(&digits)
                .map_err(|e| refuse(e.wait_time_from(now), "reporter.phone"))?;
        }
        Ok(())
    }

    /// Forgets clients whose quota has fully recovered (bounds memory).
    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_phone.retain_recent();
    }
}
