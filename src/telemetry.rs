//! Logging setup.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Logs to stderr; `RUST_LOG` overrides the default `info` level. With
/// `IPR_LOG_FORMAT=json`, one JSON object per line for a log collector;
/// otherwise text, coloured only on a terminal.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match std::env::var("IPR_LOG_FORMAT").as_deref() {
        Ok("json") => builder.json().flatten_event(true).try_init(),
        _ => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
    };
}
