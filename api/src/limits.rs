//! Limits, timeouts and trust settings that protect the service from callers and from
//! its own dependencies (issue 11). Grouped apart from [`crate::Settings`] so tests and
//! embedders get the documented defaults with `Limits::default()`.

use clap::Args;
use ipnet::IpNet;

/// Every setting, with the default an operator gets when it is unset.
/// `docs/operations.md` lists them with their reasons.
#[derive(Debug, Clone, Args)]
pub struct Limits {
    /// Seconds an unfinished `Idempotency-Key` is held for its request; after a crash a
    /// retry may run the request again once this has passed.
    #[arg(long, env = "HAZARD_IDEMPOTENCY_LEASE_SECS", default_value_t = 60)]
    pub idempotency_lease_secs: i64,

    /// Live `Idempotency-Key`s one account or client may hold (429 above).
    #[arg(long, env = "HAZARD_IDEMPOTENCY_MAX_KEYS_PER_CALLER", default_value_t = 2000)]
    pub idempotency_max_keys_per_caller: i64,

    /// Comma-separated CIDRs of reverse proxies whose `Forwarded` / `X-Forwarded-For` is
    /// believed; empty: the TCP peer is the client.
    #[arg(long, env = "HAZARD_TRUSTED_PROXIES", value_delimiter = ',', num_args = 0..)]
    pub trusted_proxies: Vec<IpNet>,

    /// Longest wait, in seconds, imposed between sign-in attempts on an account that is
    /// being guessed from many addresses (the wait doubles with each failure).
    #[arg(long, env = "HAZARD_LOGIN_MAX_DELAY_SECS", default_value_t = 60)]
    pub login_max_delay_secs: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            idempotency_lease_secs: 60,
            idempotency_max_keys_per_caller: 2000,
            trusted_proxies: Vec::new(),
            login_max_delay_secs: 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: Limits,
    }

    #[test]
    fn defaults_match_the_command_line_defaults() {
        let parsed = Cli::parse_from(["x"]).limits;
        let default = Limits::default();
        assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
    }

    #[test]
    fn trusted_proxies_are_a_cidr_list() {
        let parsed = Cli::parse_from(["x", "--trusted-proxies", "10.0.0.0/8,::1/128"]).limits;
        assert_eq!(parsed.trusted_proxies.len(), 2);
        assert!(Cli::try_parse_from(["x", "--trusted-proxies", "10.0.0.0/33"]).is_err());
    }
}
