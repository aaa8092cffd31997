//! Real `hazard-api` processes for the multi-replica test: one fresh PostgreSQL database,
//! one S3 prefix, loopback ports only; every process is killed and every database
//! dropped when the test ends, however it ends.

mod node;
mod receiver;

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::Connection;
pub use node::Node;
pub use receiver::Receiver;

/// The administrator's password in the cluster.
pub const ADMIN_PASSWORD: &str = "Admin-password-1";
/// The password of accounts the test makes.
pub const PASSWORD: &str = "Test-password-1";
/// `/metrics` token.
pub const METRICS_TOKEN: &str = "cluster-metrics-token";

/// The smallest valid PNG (1×1); append bytes to make distinct files.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Replicas on one database and bucket.
pub struct Cluster {
    /// The running processes (a killed one stays in place).
    pub nodes: Vec<Node>,
    /// Databases made besides the main one (restores), dropped at the end.
    pub extra_databases: Vec<String>,
    admin_url: String,
    url: String,
    blob_url: String,
    s3_endpoint: String,
    dir: std::path::PathBuf,
}

fn env_or_panic(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set for the multi-replica test"))
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url.rsplit_once('/').expect("postgres URL with a database");
    format!("{base}/{name}")
}

impl Cluster {
    /// Makes the database and starts `n` replicas at once (they race for the migrations).
    pub async fn start(n: usize) -> Cluster {
        let admin_url = env_or_panic("HAZARD_TEST_DATABASE_URL");
        assert!(admin_url.starts_with("postgres"), "the replicas need PostgreSQL");
        let s3_endpoint = env_or_panic("HAZARD_TEST_S3_ENDPOINT");
        let bucket = std::env::var("HAZARD_TEST_S3_BUCKET").unwrap_or_else(|_| "hazard-test".into());
        let id = uuid::Uuid::new_v4().simple().to_string();
        let name = format!("hazard_replicas_{id}");
        hazard_infra::db::create_postgres_database(&admin_url, &name).expect("create database");
        let dir = std::env::temp_dir().join(format!("hazard-replicas-{id}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut cluster = Cluster {
            nodes: vec![],
            extra_databases: vec![],
            url: with_database(&admin_url, &name),
            admin_url,
            blob_url: format!("s3://{bucket}/replicas-{id}"),
            s3_endpoint,
            dir,
        };
        let env = cluster.env_for(&cluster.url.clone());
        let starting: Vec<_> = (1..=n).map(|i| Node::spawn(i, &env)).collect();
        cluster.nodes = futures_util::future::join_all(starting).await;
        cluster
    }

    /// The environment of a replica on database `url` (each gets its own data folder:
    /// photos must come from the bucket).
    pub fn env_for(&self, url: &str) -> Vec<(String, String)> {
        [
            ("HAZARD_DATABASE_URL", url),
            ("HAZARD_JWT_SECRET", "cluster-secret-that-is-long-enough-for-hs256"),
            ("HAZARD_ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("HAZARD_BLOB_URL", &self.blob_url),
            ("HAZARD_S3_ENDPOINT", &self.s3_endpoint),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("HAZARD_DATA_DIR", &self.dir.to_string_lossy()),
            ("HAZARD_JOB_INTERVAL_SECS", "1"),
            ("HAZARD_WEBHOOK_INTERVAL_MS", "200"),
            ("HAZARD_WEBHOOK_ALLOW_HTTP", "true"),
            ("HAZARD_WEBHOOK_ALLOW_PRIVATE", "true"),
            ("HAZARD_TIPS_PER_HOUR", "5"),
            ("HAZARD_SESSION_RECHECK_SECS", "2"),
            ("HAZARD_METRICS_TOKEN", METRICS_TOKEN),
            ("HAZARD_DB_POOL_SIZE", "6"),
            ("HAZARD_WORKERS", "2"),
            ("RUST_LOG", "warn"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// Runs SQL on the database, behind the servers' backs (to move a deadline into the past).
    pub fn sql(&self, sql: &str) {
        let mut conn = diesel::pg::PgConnection::establish(&self.url).expect("connect");
        conn.batch_execute(sql).expect("sql");
    }

    /// `pg_dump` of the database, `pg_restore` into a fresh one; returns its URL.
    pub fn dump_and_restore(&mut self) -> String {
        let dump = self.dir.join("hazard.dump");
        let status = Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&dump)
            .arg(&self.url)
            .status()
            .expect("pg_dump runs");
        assert!(status.success(), "pg_dump failed");
        let name = format!("hazard_restored_{}", uuid::Uuid::new_v4().simple());
        hazard_infra::db::create_postgres_database(&self.admin_url, &name).expect("create database");
        let url = with_database(&self.admin_url, &name);
        self.extra_databases.push(url.clone());
        let status = Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname"])
            .arg(&url)
            .arg(&dump)
            .status()
            .expect("pg_restore runs");
        assert!(status.success(), "pg_restore failed");
        url
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            node.kill();
        }
        let main = self.url.rsplit('/').next().unwrap_or_default().to_owned();
        let extra: Vec<String> =
            self.extra_databases.iter().filter_map(|u| u.rsplit('/').next().map(str::to_owned)).collect();
        for name in std::iter::once(main).chain(extra) {
            let _ = hazard_infra::db::drop_postgres_database(&self.admin_url, &name);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
