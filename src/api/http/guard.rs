//! Abuse limits on public intake: per client IP and per reporter phone.

use std::num::NonZeroU32;

use std::net::IpAddr;

use actix_web::HttpRequest;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::{IpNet, Ipv6Net};

use crate::config::GuardConfig;
use crate::error::AppError;

/// The limiters shared by all workers.
pub struct IntakeGuard {
    per_ip: DefaultKeyedRateLimiter<String>,
    per_phone: DefaultKeyedRateLimiter<String>,
    failed_auth: DefaultKeyedRateLimiter<String>,
    trust_forwarded_for: bool,
    trusted_proxies: Vec<IpNet>,
    /// On PostgreSQL: the quotas, also counted in the database for all replicas.
    shared: Option<(u32, u32)>,
}

/// One shared counter to hit: its key, window length in seconds, quota, and
/// the field a refusal names.
pub type SharedLimit = (String, i64, u32, &'static str);

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
    /// Limiters with the configured quotas; `shared` when replicas share a
    /// database, so the quotas are also counted there.
    pub fn new(config: &GuardConfig, shared: bool) -> Self {
        Self {
            per_ip: RateLimiter::keyed(Quota::per_minute(at_least_one(
                config.intake_per_ip_per_minute,
            ))),
            per_phone: RateLimiter::keyed(Quota::per_hour(at_least_one(
                config.intake_per_phone_per_hour,
            ))),
            failed_auth: RateLimiter::keyed(Quota::per_minute(at_least_one(6))),
            trust_forwarded_for: config.trust_forwarded_for,
            trusted_proxies: (config.trusted_proxies.iter())
                .filter_map(|p| crate::domain::network::network(p))
                .collect(),
            shared: shared.then_some((
                config.intake_per_ip_per_minute,
                config.intake_per_phone_per_hour,
            )),
        }
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(&ip))
    }

    /// The client's address as limits key it: the peer; behind a trusted
    /// proxy, the rightmost `X-Forwarded-For` address not itself a trusted
    /// proxy (the leftmost ones are whatever the client sent). IPv6 clients
    /// are keyed by their /64, which one subscriber usually holds whole.
    pub fn client_ip(&self, req: &HttpRequest) -> String {
        let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
            return String::new();
        };
        let behind_proxy = self.trusted(peer) || self.trust_forwarded_for;
        let forwarded: Vec<IpAddr> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|hop| hop.trim().parse().ok())
            .collect();
        let client = match behind_proxy {
            true => forwarded
                .into_iter()
                .rev()
                .find(|ip| !self.trusted(*ip))
                .unwrap_or(peer),
            false => peer,
        };
        match client {
            IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
                Ipv6Net::new(v6, 64).map_or(v6.to_string(), |n| n.trunc().to_string())
            }
            other => other.to_string(),
        }
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
            self.per_phone
                .check_key(&crate::domain::contact::phone_key(phone))
                .map_err(|e| refuse(e.wait_time_from(now), "reporter.phone"))?;
        }
        Ok(())
    }

    /// The counters replicas share for this request (none on SQLite).
    pub fn shared_limits(&self, req: &HttpRequest, phone: Option<&str>) -> Vec<SharedLimit> {
        let Some((per_ip, per_phone)) = self.shared else {
            return Vec::new();
        };
        let mut limits = vec![(format!("ip:{}", self.client_ip(req)), 60, per_ip, "client")];
        if let Some(phone) = phone {
            let key = format!("phone:{}", crate::domain::contact::phone_key(phone));
            limits.push((key, 3600, per_phone, "reporter.phone"));
        }
        limits
    }

    /// Whether a failed authentication from `client` goes to the audit trail:
    /// six a minute per client do; the rest are only counted and logged.
    pub fn note_failed_authentication(&self, client: &str) -> bool {
        self.failed_auth.check_key(&client.to_owned()).is_ok()
    }

    /// Forgets clients whose quota has fully recovered (bounds memory).
    pub fn forget_idle(&self) {
        self.failed_auth.retain_recent();
        self.per_ip.retain_recent();
        self.per_phone.retain_recent();
    }
}
