//! Outages: a database that is gone, a SQLite write lock held elsewhere, a full disk.
//! Each answers 503 (or 507) quickly with a clear problem, `/readyz` says so, and the
//! service recovers by itself once the cause is gone.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hazard_tests::{backend_url, general_hazard, spawn_app_with};
use reqwest::Method;
use tokio::net::{TcpListener, TcpStream};

const UP: u8 = 0;
const DOWN: u8 = 1;
const SILENT: u8 = 2;

/// A TCP relay to PostgreSQL that the test can cut: `DOWN` resets every connection and
/// refuses new ones; `SILENT` accepts connections and never answers (a hung server).
struct Relay {
    port: u16,
    mode: Arc<AtomicU8>,
    generation: Arc<AtomicU8>,
}

impl Relay {
    async fn start(target: &'static str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(AtomicU8::new(UP));
        let generation = Arc::new(AtomicU8::new(0));
        let (m, g) = (mode.clone(), generation.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else { return };
                let (m, g) = (m.clone(), g.clone());
                tokio::spawn(async move {
                    match m.load(Ordering::SeqCst) {
                        DOWN => drop(inbound),
                        SILENT => {
                            let mine = g.load(Ordering::SeqCst);
                            while g.load(Ordering::SeqCst) == mine {
                                tokio::time::sleep(Duration::from_millis(50)).await;
                            }
                        }
                        _ => {
                            let Ok(mut outbound) = TcpStream::connect(target).await else { return };
                            let mine = g.load(Ordering::SeqCst);
                            let copy = tokio::io::copy_bidirectional(&mut inbound, &mut outbound);
                            tokio::pin!(copy);
                            loop {
                                tokio::select! {
                                    _ = &mut copy => return,
                                    _ = tokio::time::sleep(Duration::from_millis(50)) => {
                                        if g.load(Ordering::SeqCst) != mine { return; }
                                    }
                                }
                            }
                        }
                    }
                });
            }
        });
        Relay { port, mode, generation }
    }

    /// Switches mode and drops every relayed connection.
    fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_postgres_outage_answers_503_fast_and_recovers_without_restart() {
    if backend_url().is_none() {
        return; // PostgreSQL only; the SQLite outages are below.
    }
    let relay = Relay::start("127.0.0.1:5432").await;
    let port = relay.port;
    let app = spawn_app_with(|s| s.database_url = s.database_url.replace(":5432/", &format!(":{port}/"))).await;
    let token = app.admin().await;
    app.get("/v1/me", &token).await.expect(200);
    for mode in [DOWN, SILENT] {
        relay.set(mode);
        tokio::time::sleep(Duration::from_millis(200)).await; // the relay drops its links
        for path in ["/v1/me", "/readyz", "/v1/hazards"] {
            let started = Instant::now();
            let r = app.get(path, &token).await;
            let took = started.elapsed();
            r.problem(503, "unavailable");
            assert!(r.header("retry-after").is_some(), "{path}: Retry-After");
            assert!(took < Duration::from_millis(2000), "mode {mode} {path}: 503 after {took:?}");
        }
        relay.set(UP);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ready = app.call(Method::GET, "/readyz", None, None).await;
            if ready.status == 200 {
                break;
            }
            assert!(Instant::now() < deadline, "no recovery: {}", ready.text);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        app.get("/v1/me", &token).await.expect(200);
    }
}

#[tokio::test]
async fn a_held_sqlite_write_lock_answers_503_and_readyz_reports_it() {
    if backend_url().is_some() {
        return; // SQLite only.
    }
    let app = spawn_app_with(|s| s.limits.sqlite_busy_timeout_ms = 300).await;
    let token = app.admin().await;
    let (inspector, _) = app.account("inspector", None).await;
    let url = app.database_url();
    let (hold, release) = std::sync::mpsc::channel::<()>();
    let (held, is_held) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let path = url.strip_prefix("sqlite://").unwrap().to_owned();
        let mut conn = diesel::sqlite::SqliteConnection::establish(&path).unwrap();
        conn.batch_execute("BEGIN IMMEDIATE").unwrap();
        held.send(()).unwrap();
        let _ = release.recv();
        conn.batch_execute("ROLLBACK").unwrap();
    });
    is_held.recv().unwrap();
    let started = Instant::now();
    let r = app.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    app.call(Method::GET, "/readyz", None, None).await.problem(503, "unavailable");
    drop(hold);
    holder.join().unwrap();
    app.call(Method::GET, "/readyz", None, None).await.expect(200);
    app.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await.expect(201);
    app.get("/v1/me", &token).await.expect(200);
}

#[tokio::test]
async fn low_disk_space_refuses_writes_with_507_and_readyz_reports_it() {
    // No disk has this much room: the service must consider itself out of space.
    let app = spawn_app_with(|s| s.limits.min_free_disk_mb = u64::MAX / (1 << 21)).await;
    let r = app.call(Method::POST, "/v1/public/tips", None, Some(&serde_json::json!({}))).await;
    r.problem(507, "insufficient_storage");
    // Signing in writes (refresh tokens), so it waits too.
    app.login_reply("admin", hazard_tests::ADMIN_PASSWORD).await.problem(507, "insufficient_storage");
    app.call(Method::GET, "/readyz", None, None).await.problem(503, "insufficient_storage");
    // Reads still work.
    app.call(Method::GET, "/healthz", None, None).await.expect(200);
    let r = app.call_with(Method::GET, "/v1/public/tips/NOPE", None, None, &[("X-Tip-Secret", "x")]).await;
    r.problem(404, "not_found");
}
