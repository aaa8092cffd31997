//! The black-box test harness: `spawn_app()` starts the real server on port 0 with a
//! fresh database of its own (a temporary SQLite file, or a new PostgreSQL database when
//! `HAZARD_TEST_DATABASE_URL` names a server), and offers helpers that speak HTTP the way
//! a phone or a third-party app does.
//!
//! Pick the backend with `HAZARD_TEST_DATABASE_URL`:
//! unset or `sqlite` for SQLite; `postgres://user@host:port/any_db` for PostgreSQL
//! (the harness creates and drops one database per test through that server).

pub mod contract;

use std::path::PathBuf;
use std::sync::Arc;

use hazard_api::config::LogFormat;
use hazard_api::{Application, Settings};
use hazard_infra::clock::ManualClock;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// The password every account made by the helpers gets.
pub const PASSWORD: &str = "Test-password-1";

/// The administrator's password in every test server.
pub const ADMIN_PASSWORD: &str = "Admin-password-1";

/// The JWT secret of every test server (tests forge tokens with it).
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-signing";

/// The bearer token of every test server's `/metrics`.
pub const METRICS_TOKEN: &str = "test-metrics-token";

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

fn chrono_tz_shanghai() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().expect("tz")
}

/// A response read whole: status, headers and JSON body (Null when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as JSON.
    pub body: Value,
    /// Body as text.
    pub text: String,
}

impl Reply {
    /// Reads a response.
    pub async fn read(res: Response) -> Reply {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    /// Reads a response to `method path` and checks it against the committed OpenAPI
    /// document (see [`contract`]): an undeclared status, content type or a body that
    /// breaks its schema fails the test.
    pub async fn checked(method: &str, path: &str, res: Response) -> Reply {
        let reply = Reply::read(res).await;
        contract::check(method, path, reply.status.as_u16(), reply.header("content-type").as_deref(), &reply.text);
        reply
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Reply {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        self
    }

    /// Asserts an RFC 9457 problem with `code`; returns the names of the fields it lists.
    #[track_caller]
    pub fn problem(&self, status: u16, code: &str) -> Vec<String> {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        assert_eq!(self.header("content-type").as_deref(), Some("application/problem+json"), "{}", self.text);
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status, "{}", self.text);
        assert!(self.body["title"].is_string() && self.body["type"].is_string() && self.body["detail"].is_string());
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}

impl TestApp {
    /// Sends a request with an optional bearer token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        self.call_with(method, path, token, body, &[]).await
    }

    /// Same, with extra headers.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let method_name = method.as_str().to_owned();
        let mut req = self.client.request(method, format!("{}{}", self.address, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Reply::checked(&method_name, path, req.send().await.expect("request sent")).await
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// Signs in and returns the whole token response.
    pub async fn login_reply(&self, username: &str, password: &str) -> Reply {
        self.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": username, "password": password})))
            .await
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self.login_reply(username, password).await.expect(200);
        r.body["access_token"].as_str().expect("access_token").to_owned()
    }

    /// The administrator's access token.
    pub async fn admin(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Creates an account (as admin) and returns its access token and id.
    pub async fn account(&self, role: &str, street: Option<&str>) -> (String, String) {
        self.account_for(role, street, None).await
    }

    /// Creates an account, optionally bound to an enterprise, and signs it in.
    pub async fn account_for(&self, role: &str, street: Option<&str>, enterprise: Option<&str>) -> (String, String) {
        let admin = self.admin().await;
        let username = format!("{role}.{}", &Uuid::new_v4().simple().to_string()[..8]);
        let created = self
            .post(
                "/v1/users",
                &admin,
                &json!({
                    "username": username, "password": PASSWORD, "display_name": format!("测试{role}"),
                    "role": role, "street_code": street, "enterprise_id": enterprise
                }),
            )
            .await
            .expect(201);
        let id = created.body["id"].as_str().expect("id").to_owned();
        (self.login(&username, PASSWORD).await, id)
    }

    /// Inserts an enterprise directly (the enterprise API arrives with field work) and
    /// returns its id.
    pub async fn enterprise(&self, street: &str) -> String {
        let url = self.database_url();
        let street = street.to_owned();
        tokio::task::spawn_blocking(move || {
            use hazard_infra::db;
            let pool = db::connect(&url, 1).expect("pool");
            let mut conn = pool.get().expect("conn");
            hazard_infra::demo::insert_enterprise(&mut conn, &street).expect("enterprise")
        })
        .await
        .expect("join")
    }

    /// Loads `n` demo hazards straight into the database (for volume tests).
    pub async fn demo_hazards(&self, n: usize) {
        let url = self.database_url();
        tokio::task::spawn_blocking(move || {
            let pool = hazard_infra::db::connect(&url, 1).expect("pool");
            let mut conn = pool.get().expect("conn");
            hazard_infra::demo::load(&mut conn, n, chrono::Utc::now().naive_utc(), chrono_tz_shanghai())
                .expect("demo data")
        })
        .await
        .expect("join");
    }

    /// Recomputes the key-figure sums from the hazards, as `hazard-api rebuild-stats`
    /// does; returns the number of rollup rows.
    pub async fn rebuild_stats(&self) -> usize {
        let url = self.database_url();
        tokio::task::spawn_blocking(move || {
            let pool = hazard_infra::db::connect(&url, 1).expect("pool");
            let mut conn = pool.get().expect("conn");
            hazard_infra::repo::month_stats::rebuild(&mut conn).expect("rebuild")
        })
        .await
        .expect("join")
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

    /// Files a general fire hazard in `street` and returns its JSON.
    pub async fn hazard(&self, token: &str, street: &str) -> Value {
        self.post("/v1/hazards", token, &general_hazard(street)).await.expect(201).body
    }

    /// Applies a transition and returns the reply.
    pub async fn transition(&self, token: &str, id: &str, body: Value) -> Reply {
        self.post(&format!("/v1/hazards/{id}/transitions"), token, &body).await
    }

    /// Uploads `bytes` as a photo of `kind` to a hazard.
    pub async fn upload(&self, token: &str, hazard_id: &str, kind: &str, bytes: Vec<u8>) -> Reply {
        self.upload_with(token, hazard_id, kind, bytes, &[]).await
    }

    /// Same, with extra form fields and headers (`("header:Name", value)` adds a header).
    pub async fn upload_with(
        &self,
        token: &str,
        hazard_id: &str,
        kind: &str,
        bytes: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").expect("mime");
        let mut form = reqwest::multipart::Form::new().part("file", part).text("kind", kind.to_owned());
        let mut req = self.client.post(format!("{}/v1/hazards/{hazard_id}/photos", self.address)).bearer_auth(token);
        for (k, v) in extra {
            match k.strip_prefix("header:") {
                Some(h) => req = req.header(h, *v),
                None => form = form.text(k.to_string(), v.to_string()),
            }
        }
        let path = format!("/v1/hazards/{hazard_id}/photos");
        Reply::checked("POST", &path, req.multipart(form).send().await.expect("upload sent")).await
    }

    /// Adds an `after` photo (distinct bytes each call), the evidence submit needs.
    pub async fn evidence(&self, token: &str, hazard_id: &str) -> Value {
        let n = Uuid::new_v4();
        let mut bytes = PNG_1X1.to_vec();
        bytes.extend_from_slice(n.as_bytes());
        self.upload(token, hazard_id, "after", bytes).await.expect(201).body
    }

    /// The number of timeline events of a hazard.
    pub async fn event_count(&self, token: &str, id: &str) -> usize {
        self.get(&format!("/v1/hazards/{id}/events"), token).await.expect(200).body.as_array().map_or(0, Vec::len)
    }
}

/// The smallest valid PNG (1×1); append bytes to make distinct files.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A valid general hazard body.
pub fn general_hazard(street: &str) -> Value {
    json!({
        "title": "疏散通道堆放杂物",
        "description": "二楼疏散通道堆放纸箱，影响人员疏散。",
        "sector": "fire",
        "street_code": street,
        "address": "长宁区长宁路1号",
        "latitude": 31.2205,
        "longitude": 121.4243,
        "grade": "general"
    })
}

/// A complete 五落实 plan.
pub fn complete_plan() -> Value {
    json!({
        "responsible": "企业法定代表人",
        "measures": "拆除违规隔断，恢复疏散通道",
        "funds": "5万元",
        "deadline": "2099-01-31",
        "contingency_plan": "整改期间设专人值守并停用相关区域"
    })
}

/// The instant a district wall-clock time (Asia/Shanghai, the test servers' zone) names, to
/// pin the server's clock with `app.clock.pin(...)`.
pub fn district_instant(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono_tz_shanghai().from_local_datetime(&local).single().expect("an unambiguous district time").to_utc()
}

/// A district date `days` from the server's today (the server runs on Asia/Shanghai).
pub fn date_in(app: &TestApp, days: i64) -> String {
    use hazard_infra::clock::Clock;
    let now = app.clock.now().with_timezone(&chrono_tz_shanghai());
    (now.date_naive() + chrono::Duration::days(days)).to_string()
}
