//! The flags and environment variables of the command line, turned into the
//! configuration's overrides.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use crate::config::{Config, Overrides};

#[derive(Debug, Args)]
pub(super) struct GlobalArgs {
    /// TOML configuration file (lowest precedence after defaults).
    #[arg(long, global = true, env = "IPR_CONFIG")]
    pub(super) config: Option<PathBuf>,
    /// Database URL: sqlite://<file> (default sqlite://data/ipr-service.db) or postgres://….
    #[arg(long, global = true, env = "IPR_DATABASE_URL")]
    pub(super) database_url: Option<String>,
    /// Largest number of pooled database connections (default 8).
    #[arg(long, global = true, env = "IPR_POOL_SIZE")]
    pub(super) pool_size: Option<u32>,
    /// Days the audit trails are kept, at least 180 (default 180).
    #[arg(long, global = true, env = "IPR_AUDIT_RETENTION_DAYS")]
    pub(super) audit_retention_days: Option<u32>,
    /// Days after closure after which reporters' personal data is erased (default: kept).
    #[arg(long, global = true, env = "IPR_REPORTER_RETENTION_DAYS")]
    pub(super) reporter_retention_days: Option<u32>,
}

/// Settings of `serve` (flags or environment variables).
#[derive(Debug, Default, Clone, Args)]
pub(super) struct ServeArgs {
    /// Listen address (default 127.0.0.1:8080).
    #[arg(long, env = "IPR_BIND")]
    pub(super) bind: Option<String>,
    /// Public tickets per client IP per minute (default 20).
    #[arg(long, env = "IPR_INTAKE_PER_IP_PER_MINUTE")]
    pub(super) intake_per_ip_per_minute: Option<u32>,
    /// Public tickets per reporter phone per hour (default 5).
    #[arg(long, env = "IPR_INTAKE_PER_PHONE_PER_HOUR")]
    pub(super) intake_per_phone_per_hour: Option<u32>,
    /// Read the client IP from X-Forwarded-For (only behind a trusted proxy).
    #[arg(long, env = "IPR_TRUST_FORWARDED_FOR")]
    pub(super) trust_forwarded_for: Option<bool>,
    /// Comma-separated CIDRs of the reverse proxies in front of the service.
    #[arg(long, env = "IPR_TRUSTED_PROXIES")]
    pub(super) trusted_proxies: Option<String>,
    /// Seconds a request body may take to arrive before a 408 (default 30).
    #[arg(long, env = "IPR_BODY_READ_TIMEOUT_SECS")]
    pub(super) body_read_timeout_secs: Option<u64>,
    /// Comma-separated origins allowed by CORS, e.g. https://app.example.cn.
    #[arg(long, env = "IPR_CORS_ORIGINS")]
    pub(super) cors_origins: Option<String>,
    /// First webhook retry delay in milliseconds, doubled per attempt (default 5000).
    #[arg(long, env = "IPR_WEBHOOK_RETRY_BASE_MS")]
    pub(super) webhook_retry_base_ms: Option<u64>,
    /// Failed webhook attempts before dead-lettering (default 12).
    #[arg(long, env = "IPR_WEBHOOK_MAX_ATTEMPTS")]
    pub(super) webhook_max_attempts: Option<u32>,
    /// Seconds to wait for a webhook receiver's answer (default 10).
    #[arg(long, env = "IPR_WEBHOOK_TIMEOUT_SECS")]
    pub(super) webhook_timeout_secs: Option<u64>,
    /// Comma-separated CIDRs of internal networks webhooks may reach (default none).
    #[arg(long, env = "IPR_WEBHOOK_ALLOWED_NETWORKS")]
    pub(super) webhook_allowed_networks: Option<String>,
    /// How often the webhook outbox is polled, in milliseconds (default 1000).
    #[arg(long, env = "IPR_WEBHOOK_POLL_MS")]
    pub(super) webhook_poll_ms: Option<u64>,
    /// How often other replicas' directory changes are polled, in milliseconds (default 250).
    #[arg(long, env = "IPR_SYNC_POLL_MS")]
    pub(super) sync_poll_ms: Option<u64>,
    /// Key sealing webhook secrets at rest, 64 hex digits (required on PostgreSQL).
    #[arg(long, env = "IPR_SECRET_KEY", hide_env_values = true)]
    pub(super) secret_key: Option<String>,
    /// How often overdue tickets are looked for and escalated, in milliseconds (default 60000).
    #[arg(long, env = "IPR_SWEEP_EVERY_MS")]
    pub(super) sweep_every_ms: Option<u64>,
    /// How many outlets keep their rendered answer JSON in memory, about 600
    /// bytes each (default 200000; 0 renders every answer anew).
    #[arg(long, env = "IPR_RENDER_CACHE_OUTLETS")]
    pub(super) render_cache_outlets: Option<usize>,
    /// Seed an empty database with the demonstration data (default true).
    #[arg(long, env = "IPR_SEED_EMPTY_DATABASE")]
    pub(super) seed_empty_database: Option<bool>,
    /// Bearer token Prometheus must send to scrape /metrics (default: public).
    #[arg(long, env = "IPR_METRICS_TOKEN", hide_env_values = true)]
    pub(super) metrics_token: Option<String>,
    /// Years a service cycle of commissioners and envoys runs (default 2).
    #[arg(long, env = "IPR_SERVICE_CYCLE_YEARS")]
    pub(super) service_cycle_years: Option<u32>,
    /// Base map tiles of the web pages: a URL template with {z}, {x}, {y} (default: none, a plain map).
    #[arg(long, env = "IPR_MAP_TILES")]
    pub(super) map_tiles: Option<String>,
    /// Attribution shown with the tiles.
    #[arg(long, env = "IPR_MAP_ATTRIBUTION")]
    pub(super) map_attribution: Option<String>,
    /// Coordinate system of the tiles: wgs84 (default) or gcj02.
    #[arg(long, env = "IPR_MAP_COORD_SYS")]
    pub(super) map_coord_sys: Option<String>,
}

impl Cli {
    /// The configuration: defaults, the file, then these flags.
    pub(super) fn config(&self, serve: Option<&ServeArgs>) -> anyhow::Result<Config> {
        let s = serve.cloned().unwrap_or_default();
        Config::load(Overrides {
            config_file: self.global.config.clone(),
            database_url: self.global.database_url.clone(),
            bind: s.bind,
            pool_size: self.global.pool_size,
            intake_per_ip_per_minute: s.intake_per_ip_per_minute,
            intake_per_phone_per_hour: s.intake_per_phone_per_hour,
            trust_forwarded_for: s.trust_forwarded_for,
            trusted_proxies: s.trusted_proxies,
            cors_origins: s.cors_origins,
            body_read_timeout_secs: s.body_read_timeout_secs,
            webhook_retry_base_ms: s.webhook_retry_base_ms,
            webhook_max_attempts: s.webhook_max_attempts,
            webhook_poll_ms: s.webhook_poll_ms,
            webhook_timeout_secs: s.webhook_timeout_secs,
            webhook_allowed_networks: s.webhook_allowed_networks,
            sync_poll_ms: s.sync_poll_ms,
            sweep_every_ms: s.sweep_every_ms,
            render_cache_outlets: s.render_cache_outlets,
            secret_key: s.secret_key,
            seed_empty_database: s.seed_empty_database,
            metrics_token: s.metrics_token,
            service_cycle_years: s.service_cycle_years,
            map_tiles: s.map_tiles,
            map_attribution: s.map_attribution,
            map_coord_sys: s.map_coord_sys,
            audit_retention_days: self.global.audit_retention_days,
            reporter_retention_days: self.global.reporter_retention_days,
        })
    }
}
