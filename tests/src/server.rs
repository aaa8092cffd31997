//! Test servers: a fresh database of their own per test (SQLite file or PostgreSQL
//! database), started on port 0, replicas and second servers on the same database.

use std::path::PathBuf;
use std::sync::Arc;

use hazard_api::config::LogFormat;
use hazard_api::{Application, Settings};
use hazard_infra::clock::ManualClock;
use uuid::Uuid;

use crate::{ADMIN_PASSWORD, JWT_SECRET, METRICS_TOKEN};

/// With `HAZARD_TEST_S3_ENDPOINT` set (an S3-protocol server, e.g. `.ci/run` starts
/// moto), every test server keeps its photos in bucket `HAZARD_TEST_S3_BUCKET`
/// (default `hazard-test`) under a prefix of its own; otherwise in a temporary folder.
fn s3_test_bucket() -> Option<String> {
    std::env::var("HAZARD_TEST_S3_ENDPOINT").ok()?;
    let bucket = std::env::var("HAZARD_TEST_S3_BUCKET").unwrap_or_else(|_| "hazard-test".into());
    Some(format!("s3://{bucket}/{}", Uuid::new_v4().simple()))
}

enum TestDb {
    Sqlite(PathBuf),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another server's database (a replica): the first server cleans up.
    Shared,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            TestDb::Postgres { admin_url, name } => {
                let _ = hazard_infra::db::drop_postgres_database(admin_url, name);
            }
            TestDb::Shared => {}
        }
    }
}

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client without cookies or redirects, like an app's.
    pub client: reqwest::Client,
    /// Moves the server's time.
    pub clock: ManualClock,
    /// `sqlite` or `postgres`, for messages.
    pub backend: &'static str,
    /// The server's shared state (to run background jobs on demand).
    pub state: hazard_api::state::AppState,
    /// The settings it started with (a replica starts with the same ones).
    pub settings: Settings,
    database_url: String,
    _db: TestDb,
    _dir: PathBuf,
}

/// Which backend the suite runs against.
pub fn backend_url() -> Option<String> {
    std::env::var("HAZARD_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))
}

/// Starts a fresh server.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a fresh server with adjusted settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let mut fresh = fresh_database().await;
    adjust(&mut fresh.settings);
    start(fresh.settings, ManualClock::default(), fresh.db, fresh.backend, fresh.dir).await
}

/// An empty database (and files folder) of its own, removed when dropped, with the
/// settings a test server would use on it; for tests that start servers themselves.
pub struct FreshDatabase {
    /// Test settings pointing at this database.
    pub settings: Settings,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    db: TestDb,
    dir: PathBuf,
}

/// Makes an empty database for the backend the suite runs against.
pub async fn fresh_database() -> FreshDatabase {
    let id = Uuid::new_v4().simple().to_string();
    let dir = std::env::temp_dir().join(format!("hazard-test-{id}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (db, url, backend) = match backend_url() {
        Some(admin_url) => {
            let name = format!("hazard_test_{id}");
            let admin = admin_url.clone();
            let n = name.clone();
            tokio::task::spawn_blocking(move || hazard_infra::db::create_postgres_database(&admin, &n))
                .await
                .expect("join")
                .expect("create test database");
            let (base, _) = admin_url.rsplit_once('/').expect("postgres URL with a database");
            let url = format!("{base}/{name}");
            (TestDb::Postgres { admin_url, name }, url, "postgres")
        }
        None => {
            let path = dir.join("hazard.db");
            (TestDb::Sqlite(dir.clone()), format!("sqlite://{}", path.display()), "sqlite")
        }
    };
    let settings = test_settings(url, &dir);
    FreshDatabase { settings, backend, db, dir }
}

async fn start(settings: Settings, clock: ManualClock, db: TestDb, backend: &'static str, dir: PathBuf) -> TestApp {
    let database_url = settings.database_url.clone();
    let app = Application::build(settings.clone(), Arc::new(clock.clone())).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { address, client, clock, backend, state, settings, database_url, _db: db, _dir: dir }
}

impl TestApp {
    /// Starts another server on this one's database and files, with the same settings
    /// and clock, as a second replica behind a load balancer would run.
    pub async fn replica(&self) -> TestApp {
        self.replica_with(|_| {}).await
    }

    /// Same, with adjusted settings.
    pub async fn replica_with(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = self.settings.clone();
        settings.bind = "127.0.0.1:0".into();
        adjust(&mut settings);
        start(settings, self.clock.clone(), TestDb::Shared, self.backend, self._dir.clone()).await
    }
}

/// The settings of a test server on database `url` with its files under `dir`.
fn test_settings(url: String, dir: &std::path::Path) -> Settings {
    Settings {
        database_url: url,
        bind: "127.0.0.1:0".into(),
        data_dir: dir.join("files"),
        jwt_secret: Some(JWT_SECRET.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        timezone: chrono_tz_shanghai(),
        access_token_ttl: 900,
        refresh_token_ttl_days: 30,
        max_json_bytes: 64 * 1024,
        db_pool_size: 4,
        login_max_failures: 5,
        login_max_failures_per_address: 1000,
        log_format: LogFormat::Text,
        workers: Some(2),
        max_photo_bytes: 512 * 1024,
        idempotency_ttl_hours: 24,
        job_interval_secs: 3600,
        tips_per_hour: 10,
        reminder_days: 3,
        webhook_allow_http: false,
        webhook_allow_private: false,
        webhook_resolver: hazard_api::webhooks::resolve::Resolver::default(),
        webhook_retry_hours: 24,
        webhook_interval_ms: 3_600_000,
        limits: Default::default(),
        console: Default::default(),
        session_recheck_secs: 0,
        blob_url: s3_test_bucket(),
        s3_endpoint: std::env::var("HAZARD_TEST_S3_ENDPOINT").ok(),
        s3_region: "us-east-1".into(),
        s3_access_key_id: Some("test".into()),
        s3_secret_access_key: Some("test".into()),
        blob_gc_interval_secs: 86_400,
        blob_gc_grace_secs: 3_600,
        metrics_token: Some(METRICS_TOKEN.into()),
    }
}

/// The test servers' district time zone.
pub(crate) fn chrono_tz_shanghai() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().expect("tz")
}

/// Helpers that work on the server's database directly.
impl TestApp {
    /// Runs `f` on a connection of its own to this server's database, off the async
    /// runtime: what every direct look at (or change to) the database goes through.
    pub async fn on_database<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut hazard_infra::DbConnection) -> T + Send + 'static,
    ) -> T {
        let url = self.database_url();
        tokio::task::spawn_blocking(move || {
            let pool = hazard_infra::db::connect(&url, 1).expect("pool");
            let mut conn = pool.get().expect("conn");
            f(&mut conn)
        })
        .await
        .expect("join")
    }

    /// Inserts an enterprise directly (the enterprise API arrives with field work) and
    /// returns its id.
    pub async fn enterprise(&self, street: &str) -> String {
        let street = street.to_owned();
        self.on_database(move |conn| hazard_infra::demo::insert_enterprise(conn, &street).expect("enterprise")).await
    }

    /// Loads `n` demo hazards straight into the database (for volume tests).
    pub async fn demo_hazards(&self, n: usize) {
        self.on_database(move |conn| {
            hazard_infra::demo::load(conn, n, chrono::Utc::now().naive_utc(), chrono_tz_shanghai()).expect("demo data")
        })
        .await;
    }

    /// Recomputes the key-figure sums from the hazards, as `hazard-api rebuild-stats`
    /// does; returns the number of rollup rows.
    pub async fn rebuild_stats(&self) -> usize {
        self.on_database(|conn| hazard_infra::repo::month_stats::rebuild(conn).expect("rebuild")).await
    }

    /// Starts a second server on this server's database, with default test settings
    /// adjusted (e.g. another time zone), its own clock and files. Drop it before this one.
    pub async fn spawn_sharing(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = std::env::temp_dir().join(format!("hazard-test-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut settings = test_settings(self.database_url(), &dir);
        adjust(&mut settings);
        start(settings, ManualClock::default(), TestDb::Shared, self.backend, dir).await
    }

    /// The URL of this server's database (to start a second server on it).
    pub fn database_url(&self) -> String {
        self.database_url.clone()
    }
}
