//! Configuration from the environment (each variable also works as a flag).

use std::path::PathBuf;

use chrono_tz::Tz;
use clap::{Args, ValueEnum};

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Everything the server needs to start.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// `sqlite://path` (embedded, the default) or `postgres://user:pass@host/db`.
    #[arg(long, env = "HAZARD_DATABASE_URL", default_value = "sqlite://data/hazard.db")]
    pub database_url: String,

    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "HAZARD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Folder for files (photos); created on start.
    #[arg(long, env = "HAZARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// HS256 secret for access tokens; when unset one is generated and kept in the database.
    #[arg(long, env = "HAZARD_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Password of the first `admin` account; when unset a random one is logged once.
    #[arg(long, env = "HAZARD_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// The district's time zone: deadlines are dates there.
    #[arg(long, env = "HAZARD_TIMEZONE", default_value = "Asia/Shanghai")]
    pub timezone: Tz,

    /// Access-token lifetime in seconds.
    #[arg(long, env = "HAZARD_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: i64,

    /// Refresh-token lifetime in days.
    #[arg(long, env = "HAZARD_REFRESH_TOKEN_TTL_DAYS", default_value_t = 30)]
    pub refresh_token_ttl_days: i64,

    /// Largest accepted JSON body in bytes.
    #[arg(long, env = "HAZARD_MAX_JSON_BYTES", default_value_t = 256 * 1024)]
    pub max_json_bytes: usize,

    /// Largest accepted photo in bytes (413 above).
    #[arg(long, env = "HAZARD_MAX_PHOTO_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_photo_bytes: usize,

    /// How long a stored `Idempotency-Key` response is replayed, in hours.
    #[arg(long, env = "HAZARD_IDEMPOTENCY_TTL_HOURS", default_value_t = 24)]
    pub idempotency_ttl_hours: i64,

    /// How often background jobs run (expired idempotency keys), in seconds.
    #[arg(long, env = "HAZARD_JOB_INTERVAL_SECS", default_value_t = 600)]
    pub job_interval_secs: u64,

    /// Public tips accepted per client address per hour.
    #[arg(long, env = "HAZARD_TIPS_PER_HOUR", default_value_t = 10)]
    pub tips_per_hour: i32,

    /// Days before a deadline when a reminder is recorded.
    #[arg(long, env = "HAZARD_REMINDER_DAYS", default_value_t = 3)]
    pub reminder_days: i64,

    /// Allow webhook targets over plain http (local testing only).
    #[arg(long, env = "HAZARD_WEBHOOK_ALLOW_HTTP", default_value_t = false)]
    pub webhook_allow_http: bool,

    /// Allow webhook targets on loopback, private or link-local addresses (local testing only).
    #[arg(long, env = "HAZARD_WEBHOOK_ALLOW_PRIVATE", default_value_t = false)]
    pub webhook_allow_private: bool,

    /// Resolves webhook target names: the system's resolver; tests put in their own.
    #[arg(skip)]
    pub webhook_resolver: crate::webhooks::resolve::Resolver,

    /// How long a failing webhook delivery is retried, in hours, before it is marked failed.
    #[arg(long, env = "HAZARD_WEBHOOK_RETRY_HOURS", default_value_t = 24)]
    pub webhook_retry_hours: i64,

    /// How often the webhook worker looks for work, in milliseconds.
    #[arg(long, env = "HAZARD_WEBHOOK_INTERVAL_MS", default_value_t = 1000)]
    pub webhook_interval_ms: u64,

    /// Database connections per process.
    #[arg(long, env = "HAZARD_DB_POOL_SIZE", default_value_t = 10)]
    pub db_pool_size: u32,

    /// Failed sign-ins per account within 15 minutes before it is locked for 15 minutes.
    #[arg(long, env = "HAZARD_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: i32,

    /// Failed sign-ins per client address within 15 minutes before it is locked.
    #[arg(long, env = "HAZARD_LOGIN_MAX_FAILURES_PER_ADDRESS", default_value_t = 30)]
    pub login_max_failures_per_address: i32,

    /// `text` or `json`.
    #[arg(long, env = "HAZARD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// HTTP worker threads (default: two per core). Short reads run on the worker
    /// (`worker_read`), and a worker waiting for the database leaves its core to another.
    #[arg(long, env = "HAZARD_WORKERS", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=4096))]
    pub workers: Option<usize>,

    /// The web console (`/console/`).
    #[command(flatten)]
    pub console: crate::console::ConsoleSettings,

    /// Limits, timeouts and trusted proxies (see `docs/operations.md`).
    #[command(flatten)]
    pub limits: crate::limits::Limits,
    /// How long a replica trusts its last answer to "is this access token's session still
    /// valid?" (account active, rights unchanged, not signed out), in seconds: the most a
    /// revocation takes to reach every replica. 0 asks the database on every request.
    #[arg(long, env = "HAZARD_SESSION_RECHECK_SECS", default_value_t = 2)]
    pub session_recheck_secs: u64,

    /// Where photos are stored: a folder path (default `HAZARD_DATA_DIR/photos`),
    /// `file:///path`, or `s3://bucket/prefix` for an S3-compatible bucket.
    #[arg(long, env = "HAZARD_BLOB_URL")]
    pub blob_url: Option<String>,

    /// Endpoint of an S3-compatible server (`http://minio:9000`); unset for AWS S3.
    #[arg(long, env = "HAZARD_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// S3 region.
    #[arg(long, env = "HAZARD_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,

    /// S3 access key (with `AWS_SECRET_ACCESS_KEY`); unset: the AWS default credentials.
    #[arg(long, env = "AWS_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,

    /// S3 secret key.
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,

    /// How often orphaned photo blobs are collected, in seconds.
    #[arg(long, env = "HAZARD_BLOB_GC_INTERVAL_SECS", default_value_t = 86_400)]
    pub blob_gc_interval_secs: u64,

    /// A blob nothing refers to is collected only once it is this old, in seconds (its
    /// upload may still be committing).
    #[arg(long, env = "HAZARD_BLOB_GC_GRACE_SECS", default_value_t = 3_600)]
    pub blob_gc_grace_secs: i64,

    /// Bearer token that `GET /metrics` requires; unset: `/metrics` answers 404.
    #[arg(long, env = "HAZARD_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

impl Settings {
    /// The S3 settings, for `HAZARD_BLOB_URL=s3://…`.
    pub fn s3(&self) -> hazard_infra::storage::S3Options {
        hazard_infra::storage::S3Options {
            endpoint: self.s3_endpoint.clone(),
            region: Some(self.s3_region.clone()),
            access_key_id: self.s3_access_key_id.clone(),
            secret_access_key: self.s3_secret_access_key.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Settings;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    #[test]
    fn a_worker_count_is_a_positive_number() {
        assert_eq!(Cli::parse_from(["x", "--workers", "3"]).settings.workers, Some(3));
        assert_eq!(Cli::parse_from(["x"]).settings.workers, None);
        for bad in ["0", "-1", "many", "5000"] {
            let arg = format!("--workers={bad}");
            let refused = Cli::try_parse_from(["x", arg.as_str()]).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(refused.contains("--workers"), "{bad}: {refused}");
        }
    }
}
