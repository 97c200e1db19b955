//! Logging setup.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Logs to stderr; `RUST_LOG` overrides the default `info` level. Colours
/// only on a terminal: a log file or a collector gets plain text.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
