//! Each section of the configuration: the file's values, the command line's
//! and environment's overrides on top, then the section's checks.

use super::sections::{GuardConfig, MapConfig, ProgrammeConfig, RetentionConfig, WebhookConfig};
use super::Overrides;
use crate::domain::network::network;

/// A comma-separated list, each item trimmed, empty items left out.
fn comma_list(text: &str) -> Vec<String> {
    (text.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list of addresses or CIDR networks: the override's when given, else
/// the file's; an item that is neither is refused, named as `what`.
fn networks(given: &Option<String>, file: Vec<String>, what: &str) -> anyhow::Result<Vec<String>> {
    let list = given.as_deref().map_or(file, comma_list);
    for item in &list {
        anyhow::ensure!(
            network(item).is_some(),
            "{what} {item} is not an address or CIDR"
        );
    }
    Ok(list)
}

/// The intake guard: rate limits, proxies, CORS origins, body timeout.
pub(super) fn guard(mut guard: GuardConfig, o: &Overrides) -> anyhow::Result<GuardConfig> {
    guard.intake_per_ip_per_minute =
        (o.intake_per_ip_per_minute).unwrap_or(guard.intake_per_ip_per_minute);
    guard.intake_per_phone_per_hour =
        (o.intake_per_phone_per_hour).unwrap_or(guard.intake_per_phone_per_hour);
    guard.trust_forwarded_for = o.trust_forwarded_for.unwrap_or(guard.trust_forwarded_for);
    guard.trusted_proxies = networks(&o.trusted_proxies, guard.trusted_proxies, "trusted proxy")?;
    if let Some(origins) = &o.cors_origins {
        guard.cors_origins = comma_list(origins);
    }
    anyhow::ensure!(
        guard.intake_per_ip_per_minute > 0 && guard.intake_per_phone_per_hour > 0,
        "intake limits must be at least 1"
    );
    guard.body_read_timeout_secs =
        (o.body_read_timeout_secs).unwrap_or(guard.body_read_timeout_secs);
    anyhow::ensure!(
        guard.body_read_timeout_secs > 0,
        "the body read timeout must be at least 1 s"
    );
    Ok(guard)
}

/// Webhook delivery: retries, polling, timeout, the networks receivers may be in.
pub(super) fn webhooks(
    mut webhooks: WebhookConfig,
    o: &Overrides,
) -> anyhow::Result<WebhookConfig> {
    webhooks.retry_base_ms = o.webhook_retry_base_ms.unwrap_or(webhooks.retry_base_ms);
    webhooks.max_attempts = o.webhook_max_attempts.unwrap_or(webhooks.max_attempts);
    webhooks.poll_ms = o.webhook_poll_ms.unwrap_or(webhooks.poll_ms);
    webhooks.timeout_secs = o.webhook_timeout_secs.unwrap_or(webhooks.timeout_secs);
    webhooks.allowed_networks = networks(
        &o.webhook_allowed_networks,
        webhooks.allowed_networks,
        "webhook network",
    )?;
    anyhow::ensure!(
        webhooks.max_attempts > 0 && webhooks.poll_ms > 0 && webhooks.timeout_secs > 0,
        "webhook attempts, poll interval and timeout must be at least 1"
    );
    Ok(webhooks)
}

/// How long audit entries and reporters' personal data are kept.
pub(super) fn retention(
    mut retention: RetentionConfig,
    o: &Overrides,
) -> anyhow::Result<RetentionConfig> {
    retention.audit_days = o.audit_retention_days.unwrap_or(retention.audit_days);
    retention.reporter_days = o.reporter_retention_days.or(retention.reporter_days);
    anyhow::ensure!(
        retention.audit_days >= 180,
        "audit retention must be at least 180 days (network logs are kept six months)"
    );
    Ok(retention)
}

/// The programmes' service cycle.
pub(super) fn programmes(
    mut programmes: ProgrammeConfig,
    o: &Overrides,
) -> anyhow::Result<ProgrammeConfig> {
    programmes.cycle_years = o.service_cycle_years.unwrap_or(programmes.cycle_years);
    anyhow::ensure!(
        (1..=10).contains(&programmes.cycle_years),
        "a service cycle must be 1 to 10 years"
    );
    Ok(programmes)
}

/// The web pages' map: an empty override leaves the file's value.
pub(super) fn map(mut map: MapConfig, o: &Overrides) -> anyhow::Result<MapConfig> {
    let set = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    map.tiles = set(&o.map_tiles).or(map.tiles);
    map.attribution = set(&o.map_attribution).or(map.attribution);
    map.coord_sys = set(&o.map_coord_sys).or(map.coord_sys);
    map.validate().map_err(anyhow::Error::msg)?;
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_trimmed_and_empty_items_dropped() {
        assert_eq!(
            comma_list(" 10.0.0.0/8 ,,127.0.0.1 "),
            ["10.0.0.0/8", "127.0.0.1"]
        );
        assert!(comma_list(" , ").is_empty());
    }

    #[test]
    fn overrides_replace_the_file_and_are_checked() {
        let o = Overrides {
            trusted_proxies: Some("10.0.0.0/8, 192.168.1.1".into()),
            intake_per_ip_per_minute: Some(7),
            ..Default::default()
        };
        let merged = guard(GuardConfig::default(), &o).unwrap();
        assert_eq!(merged.trusted_proxies, ["10.0.0.0/8", "192.168.1.1"]);
        assert_eq!(merged.intake_per_ip_per_minute, 7);
        let bad = Overrides {
            trusted_proxies: Some("10.0.0.0/8,proxy.example".into()),
            ..Default::default()
        };
        let refused = guard(GuardConfig::default(), &bad).unwrap_err();
        assert!(refused.to_string().contains("proxy.example"), "{refused}");
        let no_attempts = Overrides {
            webhook_max_attempts: Some(0),
            ..Default::default()
        };
        assert!(webhooks(WebhookConfig::default(), &no_attempts).is_err());
        let short = Overrides {
            audit_retention_days: Some(30),
            ..Default::default()
        };
        assert!(retention(RetentionConfig::default(), &short).is_err());
    }
}
