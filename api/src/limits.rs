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

    /// Longest wait for a database connection from the pool, in milliseconds (503 after).
    #[arg(long, env = "HAZARD_DB_CHECKOUT_TIMEOUT_MS", default_value_t = 1500)]
    pub db_checkout_timeout_ms: u64,

    /// PostgreSQL: longest wait to open a connection, in seconds (libpq's minimum is 2).
    #[arg(long, env = "HAZARD_DB_CONNECT_TIMEOUT_SECS", default_value_t = 2)]
    pub db_connect_timeout_secs: u64,

    /// PostgreSQL: longest run of one statement, in seconds (`statement_timeout`).
    #[arg(long, env = "HAZARD_DB_STATEMENT_TIMEOUT_SECS", default_value_t = 30)]
    pub db_statement_timeout_secs: u64,

    /// PostgreSQL: TCP keepalive idle time and longest unacknowledged send, in seconds:
    /// how long a network partition can hold a connection.
    #[arg(long, env = "HAZARD_DB_TCP_TIMEOUT_SECS", default_value_t = 10)]
    pub db_tcp_timeout_secs: u64,

    /// SQLite: longest wait for another writer's lock, in milliseconds (503 after).
    #[arg(long, env = "HAZARD_SQLITE_BUSY_TIMEOUT_MS", default_value_t = 5000)]
    pub sqlite_busy_timeout_ms: u64,

    /// SQLite commit durability: `full` keeps every acknowledged write through a power
    /// loss; `normal` commits faster but may lose the last writes before one.
    #[arg(long, env = "HAZARD_SQLITE_SYNCHRONOUS", value_enum, default_value_t = SqliteSync::Full)]
    pub sqlite_synchronous: SqliteSync,

    /// `Retry-After` seconds sent with a 503 that does not name its own.
    #[arg(long, env = "HAZARD_RETRY_AFTER_SECS", default_value_t = 5)]
    pub retry_after_secs: u64,

    /// Free space, in MiB, below which writes are refused with 507 and `/readyz` reports
    /// not ready (checked on the data folder and the SQLite database's folder).
    #[arg(long, env = "HAZARD_MIN_FREE_DISK_MB", default_value_t = 256)]
    pub min_free_disk_mb: u64,

    /// The service is reached over HTTPS (directly or through the balancer): send
    /// `Strict-Transport-Security`.
    #[arg(long, env = "HAZARD_SERVED_OVER_TLS", default_value_t = false)]
    pub served_over_tls: bool,

    /// Webhook targets served at once; deliveries to one target go one at a time.
    #[arg(long, env = "HAZARD_WEBHOOK_CONCURRENCY", default_value_t = 8)]
    pub webhook_concurrency: usize,

    /// Longest wait for one webhook delivery, in seconds.
    #[arg(long, env = "HAZARD_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
    pub webhook_timeout_secs: u64,

    /// Longest time a client may take to send a request's head, in milliseconds.
    #[arg(long, env = "HAZARD_REQUEST_HEAD_TIMEOUT_MS", default_value_t = 5000)]
    pub request_head_timeout_ms: u64,

    /// Longest pause while a request body arrives, in seconds (408 after).
    #[arg(long, env = "HAZARD_BODY_IDLE_TIMEOUT_SECS", default_value_t = 15)]
    pub body_idle_timeout_secs: u64,

    /// Longest time a whole request body may take to arrive, in seconds (408 after).
    #[arg(long, env = "HAZARD_BODY_TIMEOUT_SECS", default_value_t = 120)]
    pub body_timeout_secs: u64,

    /// Largest image, in pixels (width x height), accepted and decoded (422 above).
    #[arg(long, env = "HAZARD_MAX_IMAGE_PIXELS", default_value_t = 40_000_000)]
    pub max_image_pixels: u64,

    /// Thumbnails decoded at once per process.
    #[arg(long, env = "HAZARD_THUMBNAIL_CONCURRENCY", default_value_t = 2)]
    pub thumbnail_concurrency: usize,

    /// Photos one public tip may carry.
    #[arg(long, env = "HAZARD_TIP_PHOTOS_PER_TIP", default_value_t = 5)]
    pub tip_photos_per_tip: i32,

    /// Public tip photo MiB accepted per client address per hour.
    #[arg(long, env = "HAZARD_TIP_PHOTO_MB_PER_HOUR", default_value_t = 50)]
    pub tip_photo_mb_per_hour: i32,

    /// Open311 `GET requests` without an `api_key`, as GeoReport v2 allows ("Requires API
    /// Key: No"): off unless the district publishes its cases; the view is the redacted one.
    #[arg(long, env = "HAZARD_OPEN311_PUBLIC_READ", default_value_t = false)]
    pub open311_public_read: bool,

    /// Open311 reads without an `api_key` served per client address per minute (429 above).
    #[arg(long, env = "HAZARD_OPEN311_PUBLIC_READS_PER_MINUTE", default_value_t = 30)]
    pub open311_public_reads_per_minute: u32,
}

/// `HAZARD_SQLITE_SYNCHRONOUS` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SqliteSync {
    /// Durable through power loss (default).
    Full,
    /// Faster; may lose the last acknowledged writes on power loss.
    Normal,
}

impl Limits {
    /// The database options these settings describe.
    pub fn db_options(&self, pool_size: u32) -> hazard_infra::db::DbOptions {
        use std::time::Duration;
        hazard_infra::db::DbOptions {
            pool_size,
            checkout_timeout: Duration::from_millis(self.db_checkout_timeout_ms.max(1)),
            connect_timeout: Duration::from_secs(self.db_connect_timeout_secs),
            statement_timeout: Duration::from_secs(self.db_statement_timeout_secs),
            tcp_timeout: Duration::from_secs(self.db_tcp_timeout_secs.max(1)),
            sqlite_busy_timeout: Duration::from_millis(self.sqlite_busy_timeout_ms),
            sqlite_synchronous: match self.sqlite_synchronous {
                SqliteSync::Full => hazard_infra::db::Synchronous::Full,
                SqliteSync::Normal => hazard_infra::db::Synchronous::Normal,
            },
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            idempotency_lease_secs: 60,
            idempotency_max_keys_per_caller: 2000,
            trusted_proxies: Vec::new(),
            login_max_delay_secs: 60,
            db_checkout_timeout_ms: 1500,
            db_connect_timeout_secs: 2,
            db_statement_timeout_secs: 30,
            db_tcp_timeout_secs: 10,
            sqlite_busy_timeout_ms: 5000,
            sqlite_synchronous: SqliteSync::Full,
            retry_after_secs: 5,
            min_free_disk_mb: 256,
            served_over_tls: false,
            webhook_concurrency: 8,
            webhook_timeout_secs: 10,
            request_head_timeout_ms: 5000,
            body_idle_timeout_secs: 15,
            body_timeout_secs: 120,
            max_image_pixels: 40_000_000,
            thumbnail_concurrency: 2,
            tip_photos_per_tip: 5,
            tip_photo_mb_per_hour: 50,
            open311_public_read: false,
            open311_public_reads_per_minute: 30,
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
