//! Typed configuration: defaults, then an optional TOML file, then environment
//! variables and command-line flags (clap merges those two, flags winning).

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

mod database_url;
mod merge;
mod sections;

pub use database_url::DatabaseUrl;

pub use sections::{
    EvaluationConfig, GuardConfig, MapConfig, ProgrammeConfig, RetentionConfig, WebhookConfig,
};

/// Default embedded database: a SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/ipr-service.db";
/// Default listen address.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// The service configuration, passed explicitly to whatever needs it.
#[derive(Debug, Clone)]
pub struct Config {
    /// Database to use.
    pub database_url: DatabaseUrl,
    /// Address `serve` listens on.
    pub bind: String,
    /// Largest number of pooled database connections.
    pub pool_size: u32,
    /// Abuse limits and browser access.
    pub guard: GuardConfig,
    /// Webhook delivery.
    pub webhooks: WebhookConfig,
    /// How often the directory change log is polled, in milliseconds: a write
    /// on another replica shows here within this interval.
    pub sync_poll_ms: u64,
    /// How often the overdue sweep runs, in milliseconds (escalation happens
    /// within this interval of a deadline passing).
    pub sweep_every_ms: u64,
    /// How long audit trails and reporters' personal data are kept.
    pub retention: RetentionConfig,
    /// Key sealing webhook secrets at rest: 64 hex digits. Unset on SQLite: a
    /// key file beside the database (`<database>.key`, mode 0600) is made and
    /// used; required on PostgreSQL, where every replica needs the same key.
    pub secret_key: Option<String>,
    /// Load the demonstration seed (regions, the Jinzhong network, calendar,
    /// matters) into an empty database at start (default true); false for a
    /// deployment that imports its own data.
    pub seed_empty_database: bool,
    /// Bearer token Prometheus must send to scrape `/metrics`; unset: public.
    pub metrics_token: Option<String>,
    /// Programmes run on the network.
    pub programmes: ProgrammeConfig,
    /// Outlet evaluation.
    pub evaluation: EvaluationConfig,
    /// The web pages' base map.
    pub map: MapConfig,
    /// How many outlets keep their rendered answer JSON in memory (about
    /// 600 bytes each); the others are rendered for each answer.
    pub render_cache_outlets: usize,
}

/// Outlets that keep their rendered answer JSON unless configured: about
/// 120 MB, more than the busiest part of a national directory and far less
/// than a million outlets' renderings.
pub const DEFAULT_RENDER_CACHE_OUTLETS: usize = 200_000;

/// Values from the optional configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    bind: Option<String>,
    pool_size: Option<u32>,
    guard: Option<GuardConfig>,
    webhooks: Option<WebhookConfig>,
    sync_poll_ms: Option<u64>,
    sweep_every_ms: Option<u64>,
    retention: Option<RetentionConfig>,
    secret_key: Option<String>,
    seed_empty_database: Option<bool>,
    metrics_token: Option<String>,
    programmes: Option<ProgrammeConfig>,
    evaluation: Option<EvaluationConfig>,
    map: Option<MapConfig>,
    render_cache_outlets: Option<usize>,
}

/// Values given by flags or environment variables, which win over the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config` / `IPR_CONFIG`.
    pub config_file: Option<PathBuf>,
    /// `--database-url` / `IPR_DATABASE_URL`.
    pub database_url: Option<String>,
    /// `--bind` / `IPR_BIND`.
    pub bind: Option<String>,
    /// `--pool-size` / `IPR_POOL_SIZE`.
    pub pool_size: Option<u32>,
    /// `IPR_INTAKE_PER_IP_PER_MINUTE`.
    pub intake_per_ip_per_minute: Option<u32>,
    /// `IPR_INTAKE_PER_PHONE_PER_HOUR`.
    pub intake_per_phone_per_hour: Option<u32>,
    /// `IPR_TRUST_FORWARDED_FOR`.
    pub trust_forwarded_for: Option<bool>,
    /// `IPR_TRUSTED_PROXIES`, comma-separated CIDRs.
    pub trusted_proxies: Option<String>,
    /// `IPR_CORS_ORIGINS`, comma-separated.
    pub cors_origins: Option<String>,
    /// `IPR_BODY_READ_TIMEOUT_SECS`.
    pub body_read_timeout_secs: Option<u64>,
    /// `IPR_WEBHOOK_RETRY_BASE_MS`.
    pub webhook_retry_base_ms: Option<u64>,
    /// `IPR_WEBHOOK_MAX_ATTEMPTS`.
    pub webhook_max_attempts: Option<u32>,
    /// `IPR_WEBHOOK_POLL_MS`.
    pub webhook_poll_ms: Option<u64>,
    /// `IPR_WEBHOOK_TIMEOUT_SECS`.
    pub webhook_timeout_secs: Option<u64>,
    /// `IPR_WEBHOOK_ALLOWED_NETWORKS`, comma-separated CIDRs.
    pub webhook_allowed_networks: Option<String>,
    /// `IPR_SYNC_POLL_MS`.
    pub sync_poll_ms: Option<u64>,
    /// `IPR_SWEEP_EVERY_MS`.
    pub sweep_every_ms: Option<u64>,
    /// `IPR_RENDER_CACHE_OUTLETS`.
    pub render_cache_outlets: Option<usize>,
    /// `IPR_AUDIT_RETENTION_DAYS`.
    pub audit_retention_days: Option<u32>,
    /// `IPR_REPORTER_RETENTION_DAYS`.
    pub reporter_retention_days: Option<u32>,
    /// `IPR_SECRET_KEY`.
    pub secret_key: Option<String>,
    /// `IPR_SEED_EMPTY_DATABASE`.
    pub seed_empty_database: Option<bool>,
    /// `IPR_METRICS_TOKEN`.
    pub metrics_token: Option<String>,
    /// `IPR_SERVICE_CYCLE_YEARS`.
    pub service_cycle_years: Option<u32>,
    /// `IPR_MAP_TILES`.
    pub map_tiles: Option<String>,
    /// `IPR_MAP_ATTRIBUTION`.
    pub map_attribution: Option<String>,
    /// `IPR_MAP_COORD_SYS`.
    pub map_coord_sys: Option<String>,
}

impl Config {
    /// Merges defaults, the file (if named) and the overrides.
    pub fn load(overrides: Overrides) -> anyhow::Result<Self> {
        let file = match &overrides.config_file {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let url = overrides.database_url.clone().or(file.database_url);
        let database_url = url.as_deref().unwrap_or(DEFAULT_DATABASE_URL).parse()?;
        let pool_size = overrides.pool_size.or(file.pool_size).unwrap_or(8);
        anyhow::ensure!(pool_size > 0, "pool size must be at least 1");
        let guard = merge::guard(file.guard.unwrap_or_default(), &overrides)?;
        let webhooks = merge::webhooks(file.webhooks.unwrap_or_default(), &overrides)?;
        let sync_poll_ms = overrides.sync_poll_ms.or(file.sync_poll_ms).unwrap_or(250);
        anyhow::ensure!(sync_poll_ms > 0, "sync_poll_ms must be at least 1");
        let sweep_every_ms = overrides
            .sweep_every_ms
            .or(file.sweep_every_ms)
            .unwrap_or(60_000);
        anyhow::ensure!(sweep_every_ms > 0, "sweep_every_ms must be at least 1");
        let retention = merge::retention(file.retention.unwrap_or_default(), &overrides)?;
        let programmes = merge::programmes(file.programmes.unwrap_or_default(), &overrides)?;
        let evaluation = file.evaluation.unwrap_or_default();
        (evaluation.weights.validate())
            .map_err(|e| anyhow::anyhow!("[evaluation.weights]: {e}"))?;
        let map = merge::map(file.map.unwrap_or_default(), &overrides)?;
        Ok(Config {
            render_cache_outlets: (overrides.render_cache_outlets)
                .or(file.render_cache_outlets)
                .unwrap_or(DEFAULT_RENDER_CACHE_OUTLETS),
            programmes,
            evaluation,
            map,
            metrics_token: overrides
                .metrics_token
                .or(file.metrics_token)
                .filter(|t| !t.is_empty()),
            seed_empty_database: (overrides.seed_empty_database)
                .or(file.seed_empty_database)
                .unwrap_or(true),
            retention,
            secret_key: overrides.secret_key.or(file.secret_key),
            webhooks,
            sync_poll_ms,
            sweep_every_ms,
            database_url,
            bind: overrides
                .bind
                .or(file.bind)
                .unwrap_or_else(|| DEFAULT_BIND.to_owned()),
            pool_size,
            guard,
        })
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing configuration file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ipr.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\npool_size = 3\n").unwrap();
        let overrides = Overrides {
            config_file: Some(file),
            bind: Some("127.0.0.1:1".into()),
            ..Default::default()
        };
        let config = Config::load(overrides).unwrap();
        assert_eq!((config.bind.as_str(), config.pool_size), ("127.0.0.1:1", 3));
        assert_eq!(
            config.database_url,
            DatabaseUrl::Sqlite("data/ipr-service.db".into())
        );
    }

    #[test]
    fn evaluation_weights_come_from_the_file_and_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ipr.toml");
        let load = |text: &str| {
            std::fs::write(&file, text).unwrap();
            Config::load(Overrides {
                config_file: Some(file.clone()),
                ..Default::default()
            })
        };
        let config = load("[evaluation.weights]\nvisits = 20\n").unwrap();
        let weights = config.evaluation.weights;
        assert_eq!((weights.visits, weights.satisfaction), (20.0, 10.0));
        let refused = load("[evaluation.weights]\nreturns = -1\n").unwrap_err();
        assert!(refused.to_string().contains("returns"), "{refused}");
        assert!(
            load("[evaluation.weights]\nvisit = 1\n").is_err(),
            "unknown key"
        );
    }

    #[test]
    fn map_tiles_need_a_template_and_a_known_system() {
        let load = |tiles: &str, sys: Option<&str>| {
            Config::load(Overrides {
                map_tiles: Some(tiles.into()),
                map_coord_sys: sys.map(Into::into),
                ..Default::default()
            })
        };
        let ok = load("https://t.example.gov.cn/{z}/{x}/{y}.png", None).unwrap();
        assert_eq!(
            ok.map.tiles.as_deref(),
            Some("https://t.example.gov.cn/{z}/{x}/{y}.png")
        );
        assert!(
            load("https://t.example.gov.cn/tiles.png", None).is_err(),
            "no placeholders"
        );
        assert!(load("ftp://t/{z}/{x}/{y}", None).is_err(), "not http");
        let bd = load("https://t/{z}/{x}/{y}", Some("bd09")).unwrap_err();
        assert!(bd.to_string().contains("bd09"));
        let none = load("", None).unwrap();
        assert_eq!(none.map.tiles, None, "empty means unset");
    }
}
