//! The harness of the kill -9 tests: the real binary as a child process on a database
//! of its own, and the requests the tests send it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const ADMIN_PASSWORD: &str = "Admin-password-1";
pub const PASSWORD: &str = "Test-password-1";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn start(db_url: &str, dir: &Path, port: u16) -> Child {
    start_with(db_url, dir, port, &[])
}

pub fn start_with(db_url: &str, dir: &Path, port: u16, env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hazard-api"))
        .envs(env.iter().copied())
        .env("HAZARD_DATABASE_URL", db_url)
        .env("HAZARD_BIND", format!("127.0.0.1:{port}"))
        .env("HAZARD_DATA_DIR", dir.join("files"))
        .env("HAZARD_JWT_SECRET", "kill9-secret-that-is-long-enough-for-hs256")
        .env("HAZARD_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("HAZARD_IDEMPOTENCY_LEASE_SECS", "2")
        .env("HAZARD_WORKERS", "2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the hazard-api binary starts")
}

pub async fn wait_ready(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become ready");
}

/// An answer: status (0 when the connection died), the replay header, the body.
pub struct Reply {
    /// HTTP status, 0 when the connection died.
    pub status: u16,
    /// Whether `Idempotency-Replayed: true` came with it.
    pub replayed: bool,
    /// The JSON body (Null when none).
    pub body: Value,
}

pub async fn send(client: &reqwest::Client, url: &str, token: Option<&str>, body: &Value, key: Option<&str>) -> Reply {
    let mut req = client.post(url).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    match req.send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let replayed = r.headers().get("idempotency-replayed").is_some_and(|v| v == "true");
            Reply { status, replayed, body: r.json().await.unwrap_or(Value::Null) }
        }
        Err(_) => Reply { status: 0, replayed: false, body: Value::Null },
    }
}

pub async fn post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &Value,
    key: Option<&str>,
) -> (u16, Value) {
    let r = send(client, url, token, body, key).await;
    (r.status, r.body)
}

/// Sends a keyed retry until it is no longer `idempotency_in_progress` (the dead
/// request's lease is 2 s); that answer must be `expected`.
pub async fn retry(client: &reqwest::Client, url: &str, token: &str, body: &Value, key: &str, expected: u16) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = send(client, url, Some(token), body, Some(key)).await;
        if r.status != 409 || r.body["code"] != "idempotency_in_progress" {
            assert_eq!(r.status, expected, "key {key}: {}", r.body);
            return r;
        }
        assert!(Instant::now() < deadline, "key {key} still in progress long after the lease");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

pub fn hazard(i: usize) -> Value {
    json!({"title": format!("疏散通道堆放杂物 {i}"), "description": "二楼疏散通道堆放纸箱，影响人员疏散。",
           "sector": "fire", "street_code": "huayanglu", "address": "长宁区长宁路1号",
           "latitude": 31.2205, "longitude": 121.4243, "grade": "general"})
}

/// A database of its own (SQLite file, or a PostgreSQL database when the suite runs there).
pub struct Db {
    /// Its URL, for `HAZARD_DATABASE_URL`.
    pub url: String,
    /// A folder of its own (the SQLite file, the photos).
    pub dir: std::path::PathBuf,
    pg: Option<(String, String)>,
}

impl Db {
    pub fn new(tag: &str) -> Db {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("hazard-{tag}-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        let pg = std::env::var("HAZARD_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"));
        match pg {
            Some(admin) => {
                let name = format!("hazard_{tag}_{id}");
                hazard_infra::db::create_postgres_database(&admin, &name).unwrap();
                let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
                Db { url, dir, pg: Some((admin, name)) }
            }
            None => Db { url: format!("sqlite://{}", dir.join("hazard.db").display()), dir, pg: None },
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            let _ = hazard_infra::db::drop_postgres_database(admin, name);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn login(client: &reqwest::Client, base: &str, username: &str, password: &str) -> String {
    let creds = json!({"username": username, "password": password});
    let (_, login) = post(client, &format!("{base}/v1/auth/login"), None, &creds, None).await;
    login["access_token"].as_str().unwrap().to_owned()
}

pub async fn titled(client: &reqwest::Client, base: &str, token: &str, title: &str) -> Vec<String> {
    let listed: Value = client
        .get(format!("{base}/v1/hazards?limit=100"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["title"] == title)
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

pub async fn named(client: &reqwest::Client, base: &str, token: &str, username: &str) -> usize {
    let listed: Value =
        client.get(format!("{base}/v1/users?limit=100")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    listed["items"].as_array().unwrap().iter().filter(|u| u["username"] == username).count()
}

/// A server of the binary on a database of its own, with an inspector signed in.
pub struct Setup {
    /// The database (dropped last).
    pub db: Db,
    /// The port the server listens on (a restart uses it again).
    pub port: u16,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// A client with a timeout.
    pub client: reqwest::Client,
    /// The running server.
    pub child: Child,
    /// The administrator's token.
    pub admin: String,
    /// The inspector's token.
    pub token: String,
}

/// Starts the binary on a fresh database `tag` and signs in a new inspector `username`.
pub async fn with_inspector(tag: &str, username: &str) -> Setup {
    let db = Db::new(tag);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
    let user = json!({"username": username, "password": PASSWORD, "display_name": "检查员", "role": "inspector"});
    assert_eq!(post(&client, &format!("{base}/v1/users"), Some(&admin), &user, None).await.0, 201);
    let token = login(&client, &base, username, PASSWORD).await;
    Setup { db, port, base, client, child, admin, token }
}
