//! Structured logs through `tracing`, filtered by `RUST_LOG`. ERROR is kept for what an
//! operator must act on. actix-http reports every malformed request or broken client
//! connection as an ERROR "stream error"; those are the client's doing, so by default
//! its dispatcher is silenced (`RUST_LOG=info,actix_http=debug` shows them again).

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// The filter when `RUST_LOG` is unset.
pub const DEFAULT_FILTER: &str = "info,actix_http::h1::dispatcher=off,actix_http::h2::dispatcher=off";

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
