//! kill -9 in the middle of keyed writes: the real binary as a child process, killed
//! while requests are in flight, then restarted on the same database. Every key must
//! end answered (replayed, or run again once the lease of the dead request is over);
//! none may stay `idempotency_in_progress` for long. Runs on SQLite, or on PostgreSQL
//! when `HAZARD_TEST_DATABASE_URL` names a server.

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
    Command::new(env!("CARGO_BIN_EXE_hazard-api"))
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

async fn post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &Value,
    key: Option<&str>,
) -> (u16, Value) {
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
            (status, r.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

fn hazard(i: usize) -> Value {
    json!({"title": format!("疏散通道堆放杂物 {i}"), "description": "二楼疏散通道堆放纸箱，影响人员疏散。",
           "sector": "fire", "street_code": "huayanglu", "address": "长宁区长宁路1号",
           "latitude": 31.2205, "longitude": 121.4243, "grade": "general"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_in_flight_at_a_kill_are_answered_after_restart() {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let dir = std::env::temp_dir().join(format!("hazard-kill9-{id}"));
    std::fs::create_dir_all(&dir).unwrap();
    let pg = std::env::var("HAZARD_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"));
    let db_url = match &pg {
        Some(admin) => {
            let name = format!("hazard_kill9_{id}");
            hazard_infra::db::create_postgres_database(admin, &name).unwrap();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        None => format!("sqlite://{}", dir.join("hazard.db").display()),
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let mut child = start(&db_url, &dir, port);
    wait_ready(&client, &base).await;
    let creds = json!({"username": "admin", "password": ADMIN_PASSWORD});
    let (_, login) = post(&client, &format!("{base}/v1/auth/login"), None, &creds, None).await;
    let admin = login["access_token"].as_str().unwrap().to_owned();
    let user = json!({"username": "inspector.k9", "password": PASSWORD, "display_name": "检查员", "role": "inspector"});
    assert_eq!(post(&client, &format!("{base}/v1/users"), Some(&admin), &user, None).await.0, 201);
    let creds = json!({"username": "inspector.k9", "password": PASSWORD});
    let (_, login) = post(&client, &format!("{base}/v1/auth/login"), None, &creds, None).await;
    let token = login["access_token"].as_str().unwrap().to_owned();

    // A burst of keyed filings; the server is killed while they are in flight.
    let url = format!("{base}/v1/hazards");
    let mut flights = Vec::new();
    for i in 0..KEYS {
        let (c, u, t) = (client.clone(), url.clone(), token.clone());
        flights.push(tokio::spawn(async move { post(&c, &u, Some(&t), &hazard(i), Some(&format!("k9-{i}"))).await }));
    }
    tokio::time::sleep(Duration::from_millis(40)).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let mut acknowledged = 0;
    for f in flights {
        if f.await.unwrap().0 == 201 {
            acknowledged += 1;
        }
    }

    let mut child = start(&db_url, &dir, port);
    wait_ready(&client, &base).await;
    let mut ids = std::collections::BTreeSet::new();
    let mut waited = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    for i in 0..KEYS {
        loop {
            let (status, body) = post(&client, &url, Some(&token), &hazard(i), Some(&format!("k9-{i}"))).await;
            if status == 201 {
                ids.insert(body["id"].as_str().unwrap().to_owned());
                break;
            }
            assert_eq!(status, 409, "key {i}: {body}");
            assert_eq!(body["code"], "idempotency_in_progress");
            assert!(Instant::now() < deadline, "key {i} still in progress long after the lease");
            waited += 1;
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    assert_eq!(ids.len(), KEYS, "every key answers with its own hazard");
    let listed: Value =
        client.get(format!("{url}?limit=100")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let filed = listed["items"].as_array().unwrap().len();
    // A request killed after its commit but before its answer was stored runs again;
    // that window is a few milliseconds, so duplicates are rare, and none are lost.
    assert!(filed >= KEYS, "{filed} hazards for {KEYS} keys");
    eprintln!(
        "kill -9: {acknowledged} of {KEYS} acknowledged before the kill; {waited} retries met a live lease; \
         {filed} hazards filed for {KEYS} keys"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    if let Some(admin) = pg {
        let _ = hazard_infra::db::drop_postgres_database(&admin, &format!("hazard_kill9_{id}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
