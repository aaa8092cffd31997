//! kill -9 in the middle of keyed writes: the real binary as a child process, killed
//! while requests are in flight (at random, and at the exact points the debug-build
//! crash hooks name), then restarted on the same database. For every key exactly one
//! effect is committed, and every retry gets the committed result: the stored answer,
//! or the request run again (once the lease of the dead request is over) when nothing of
//! it had committed; none stays `idempotency_in_progress`. Runs on SQLite, or on
//! PostgreSQL when `HAZARD_TEST_DATABASE_URL` names a server.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ADMIN_PASSWORD: &str = "Admin-password-1";
const PASSWORD: &str = "Test-password-1";
const KEYS: usize = 24;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(db_url: &str, dir: &Path, port: u16) -> Child {
    start_with(db_url, dir, port, &[])
}

fn start_with(db_url: &str, dir: &Path, port: u16, env: &[(&str, &str)]) -> Child {
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

async fn wait_ready(client: &reqwest::Client, base: &str) {
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
struct Reply {
    status: u16,
    replayed: bool,
    body: Value,
}

async fn send(client: &reqwest::Client, url: &str, token: Option<&str>, body: &Value, key: Option<&str>) -> Reply {
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

async fn post(
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
async fn retry(client: &reqwest::Client, url: &str, token: &str, body: &Value, key: &str, expected: u16) -> Reply {
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

fn hazard(i: usize) -> Value {
    json!({"title": format!("疏散通道堆放杂物 {i}"), "description": "二楼疏散通道堆放纸箱，影响人员疏散。",
           "sector": "fire", "street_code": "huayanglu", "address": "长宁区长宁路1号",
           "latitude": 31.2205, "longitude": 121.4243, "grade": "general"})
}

/// A database of its own (SQLite file, or a PostgreSQL database when the suite runs there).
struct Db {
    url: String,
    dir: std::path::PathBuf,
    pg: Option<(String, String)>,
}

impl Db {
    fn new(tag: &str) -> Db {
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

async fn login(client: &reqwest::Client, base: &str, username: &str, password: &str) -> String {
    let creds = json!({"username": username, "password": password});
    let (_, login) = post(client, &format!("{base}/v1/auth/login"), None, &creds, None).await;
    login["access_token"].as_str().unwrap().to_owned()
}

async fn titled(client: &reqwest::Client, base: &str, token: &str, title: &str) -> Vec<String> {
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

async fn named(client: &reqwest::Client, base: &str, token: &str, username: &str) -> usize {
    let listed: Value =
        client.get(format!("{base}/v1/users?limit=100")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    listed["items"].as_array().unwrap().iter().filter(|u| u["username"] == username).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_in_flight_at_a_kill_are_answered_after_restart() {
    let db = Db::new("kill9");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
    let user = json!({"username": "inspector.k9", "password": PASSWORD, "display_name": "检查员", "role": "inspector"});
    assert_eq!(post(&client, &format!("{base}/v1/users"), Some(&admin), &user, None).await.0, 201);
    let token = login(&client, &base, "inspector.k9", PASSWORD).await;

    // A burst of keyed filings; the server is killed once a third of them are answered,
    // so some are answered, some committed but unanswered, and some still running.
    let url = format!("{base}/v1/hazards");
    let answered = std::sync::Arc::new((std::sync::atomic::AtomicUsize::new(0), tokio::sync::Notify::new()));
    let mut flights = Vec::new();
    for i in 0..KEYS {
        let (c, u, t, a) = (client.clone(), url.clone(), token.clone(), answered.clone());
        flights.push(tokio::spawn(async move {
            let answer = post(&c, &u, Some(&t), &hazard(i), Some(&format!("k9-{i}"))).await;
            if answer.0 == 201 && a.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == KEYS / 3 {
                a.1.notify_one();
            }
            answer
        }));
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), answered.1.notified()).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut acknowledged = std::collections::BTreeMap::new();
    for (i, f) in flights.into_iter().enumerate() {
        let (status, body) = f.await.unwrap();
        if status == 201 {
            acknowledged.insert(i, body["id"].as_str().unwrap().to_owned());
        }
    }

    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    let mut replayed = 0;
    for i in 0..KEYS {
        let r = retry(&client, &url, &token, &hazard(i), &format!("k9-{i}"), 201).await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        if let Some(first) = acknowledged.get(&i) {
            assert_eq!(&id, first, "key {i}: the retry answers with the hazard acknowledged before the kill");
        }
        replayed += usize::from(r.replayed);
        // Exactly one committed effect per key: the one the retry answers with.
        let filed = titled(&client, &base, &token, hazard(i)["title"].as_str().unwrap()).await;
        assert_eq!(filed, vec![id], "key {i}: one hazard, the one answered");
    }
    eprintln!(
        "kill -9: {} of {KEYS} acknowledged before the kill; {replayed} retries replayed a stored answer, \
         the rest ran again",
        acknowledged.len()
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The narrow windows, hit on purpose: the process dies right after the use case's write
/// (before the response is stored), or right after the write and the response committed
/// (before the answer is sent), for a filing and for an account. Either way the retry
/// gets the committed result, and each key has exactly one effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_commit_and_answer_never_runs_a_request_twice() {
    let db = Db::new("crashhook");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
    let user =
        json!({"username": "inspector.hook", "password": PASSWORD, "display_name": "检查员", "role": "inspector"});
    assert_eq!(post(&client, &format!("{base}/v1/users"), Some(&admin), &user, None).await.0, 201);
    let token = login(&client, &base, "inspector.hook", PASSWORD).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let account =
        |name: &str| json!({"username": name, "password": PASSWORD, "display_name": "值班员", "role": "inspector"});
    let hazards = format!("{base}/v1/hazards");
    let users = format!("{base}/v1/users");
    let cases: [(&str, &str, &str, &str, Value); 4] = [
        ("HAZARD_TEST_CRASH_AFTER_COMMIT", "hook-hazard-commit", &hazards, &token, hazard(101)),
        ("HAZARD_TEST_CRASH_AFTER_STORE", "hook-hazard-store", &hazards, &token, hazard(102)),
        ("HAZARD_TEST_CRASH_AFTER_COMMIT", "hook-user-commit", &users, &admin, account("duty.commit")),
        ("HAZARD_TEST_CRASH_AFTER_STORE", "hook-user-store", &users, &admin, account("duty.store")),
    ];
    for (hook, key, url, bearer, body) in &cases {
        let mut child = start_with(&db.url, &db.dir, port, &[(hook, key)]);
        wait_ready(&client, &base).await;
        let r = send(&client, url, Some(bearer), body, Some(key)).await;
        assert_eq!(r.status, 0, "{hook} {key}: the process dies before it answers ({})", r.body);
        assert!(!child.wait().unwrap().success(), "{hook} {key}: the process aborted");
    }

    let mut child = start(&db.url, &db.dir, port);
    wait_ready(&client, &base).await;
    for (hook, key, url, bearer, body) in &cases {
        let r = retry(&client, url, bearer, body, key, 201).await;
        let stored = *hook == "HAZARD_TEST_CRASH_AFTER_STORE";
        assert_eq!(r.replayed, stored, "{hook} {key}: replayed only when the answer had been stored");
        let again = send(&client, url, Some(bearer), body, Some(key)).await;
        assert_eq!((again.status, again.replayed, &again.body), (201, true, &r.body), "{key}: later retries replay");
        if *url == hazards.as_str() {
            let filed = titled(&client, &base, &token, body["title"].as_str().unwrap()).await;
            assert_eq!(filed, vec![r.body["id"].as_str().unwrap().to_owned()], "{hook} {key}: one hazard");
        } else {
            assert_eq!(
                named(&client, &base, &admin, body["username"].as_str().unwrap()).await,
                1,
                "{key}: one account"
            );
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
