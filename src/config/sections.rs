//! The sections of the configuration: abuse limits, webhook delivery,
//! retention, programmes and outlet evaluation, each with its defaults.

use serde::Deserialize;

use crate::domain::evaluation::Weights;

/// How long records are kept (保存期限).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Days the admin audit trail and the personal-data access log are kept;
    /// at least 180 (网络安全法 art. 21: network logs at least six months).
    pub audit_days: u32,
    /// Days after closure after which a ticket's personal data (reporter,
    /// free text, position, notes) is erased, keeping the anonymous record;
    /// unset: kept until erased with `ipr-service erase-reporters`.
    pub reporter_days: Option<u32>,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self {
            audit_days: 180,
            reporter_days: None,
        }
    }
}

/// Programmes run on the network (commissioners and envoys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProgrammeConfig {
    /// Years of a service cycle (服务周期) a new assignment runs for; default 2.
    pub cycle_years: u32,
}

impl Default for ProgrammeConfig {
    fn default() -> Self {
        Self { cycle_years: 2 }
    }
}

/// Outlet evaluation (网点综合评价).
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EvaluationConfig {
    /// The weight of each indicator (`[evaluation.weights]`); unset ones keep
    /// their defaults (supply 30, use 30, quality 40 of 100).
    pub weights: Weights,
}

/// The base map of the web pages (底图). Unset: the pages draw the outlets
/// on a plain map with no tiles, which works with no network at all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MapConfig {
    /// Tile URL template with `{z}`, `{x}` and `{y}` (e.g. an intranet 天地图
    /// or GeoServer service); the server fetches tiles for the pages, so
    /// their Content-Security-Policy stays `'self'`.
    pub tiles: Option<String>,
    /// Attribution shown on the map with the tiles (审图号 and source).
    pub attribution: Option<String>,
    /// The coordinate system the tiles are drawn in: `wgs84` (天地图, the
    /// default) or `gcj02`.
    pub coord_sys: Option<String>,
}

impl MapConfig {
    /// Checks the template and the coordinate system.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(t) = &self.tiles {
            let placeholders = ["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p));
            if !(t.starts_with("http://") || t.starts_with("https://")) || !placeholders {
                return Err(
                    "map tiles must be an http(s) URL template with {z}, {x} and {y}".into(),
                );
            }
        }
        match self.coord_sys.as_deref() {
            None | Some("wgs84" | "gcj02") => Ok(()),
            Some(other) => Err(format!("map coord_sys must be wgs84 or gcj02, not {other}")),
        }
    }
}

/// Webhook delivery: timeouts, retries with exponential backoff, dead-lettering.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookConfig {
    /// Run the delivery worker in this process (safe on every replica: rows are leased).
    pub worker: bool,
    /// Seconds to wait for a receiver's answer.
    pub timeout_secs: u64,
    /// Failed attempts before a delivery is dead-lettered.
    pub max_attempts: u32,
    /// Delay before the first retry in milliseconds; doubled per attempt, with jitter.
    pub retry_base_ms: u64,
    /// Longest delay between attempts, in seconds.
    pub retry_max_secs: u64,
    /// How often the outbox is polled for due deliveries, in milliseconds.
    pub poll_ms: u64,
    /// Internal networks webhooks may reach (CIDRs), e.g. an outlet's case
    /// system on the intranet; every other internal address is refused.
    pub allowed_networks: Vec<String>,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            worker: true,
            timeout_secs: 10,
            max_attempts: 12,
            retry_base_ms: 5_000,
            retry_max_secs: 3_600,
            poll_ms: 1_000,
            allowed_networks: Vec::new(),
        }
    }
}

/// Limits on public intake, and which web origins may call the API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GuardConfig {
    /// Public tickets per client IP per minute.
    pub intake_per_ip_per_minute: u32,
    /// Public tickets per reporter phone per hour.
    pub intake_per_phone_per_hour: u32,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted proxy):
    /// the rightmost address, the one the proxy in front of us added.
    pub trust_forwarded_for: bool,
    /// The reverse proxies in front of the service (CIDRs): the client is the
    /// rightmost `X-Forwarded-For` address not in this list.
    pub trusted_proxies: Vec<String>,
    /// Origins allowed by CORS, e.g. `https://app.example.cn`; none by default.
    pub cors_origins: Vec<String>,
    /// Seconds a request body may take to arrive (408 after).
    pub body_read_timeout_secs: u64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        Self {
            intake_per_ip_per_minute: 20,
            intake_per_phone_per_hour: 5,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            cors_origins: Vec::new(),
            body_read_timeout_secs: 30,
        }
    }
}
