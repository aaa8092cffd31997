//! Real storage faults under SQLite, not stand-ins: the database file made immutable
//! while the server runs (what a file system remounted read-only does to it), and a
//! file system that is really full (a small tmpfs filled to the last byte). Writes answer
//! a problem with `Retry-After` (503) or 507, `/readyz` reports not ready, nothing stored
//! is damaged, and the server recovers by itself once the fault is gone. The tests run
//! as root (as CI does): `chattr` and `mount` need it; root also ignores file modes,
//! which is why a plain `chmod` would prove nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::{Connection, RunQueryDsl};
use hazard_tests::{backend_url, general_hazard, spawn_app_with, TestApp, PNG_1X1};
use reqwest::Method;
use serde_json::Value;

/// Files made immutable (`chattr +i`) until dropped.
struct Immutable(Vec<PathBuf>);

impl Immutable {
    fn set(files: &[PathBuf]) -> Immutable {
        for f in files {
            let ok = Command::new("chattr").arg("+i").arg(f).status().is_ok_and(|s| s.success());
            assert!(ok, "chattr +i {} (the test needs root on a file system with attributes)", f.display());
        }
        Immutable(files.to_vec())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        for f in &self.0 {
            let _ = Command::new("chattr").arg("-i").arg(f).status();
        }
    }
}

/// A tmpfs of `mib` MiB, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(mib: u32) -> Tmpfs {
        let dir = std::env::temp_dir().join(format!("hazard-full-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mount -t tmpfs {} (the test needs root)", dir.display());
        Tmpfs(dir)
    }

    /// Writes a filler file until the file system refuses another byte.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let chunk = vec![0x5a_u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        while f.write_all(&chunk[..512]).is_ok() {}
        while f.write_all(&chunk[..1]).is_ok() {}
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn db_file(app: &TestApp) -> PathBuf {
    PathBuf::from(app.database_url().strip_prefix("sqlite://").unwrap())
}

/// SQLite's own verdict on the file.
fn integrity(file: &Path) -> String {
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut conn = diesel::sqlite::SqliteConnection::establish(&file.to_string_lossy()).unwrap();
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn).unwrap();
    rows.into_iter().map(|r| r.integrity_check).collect::<Vec<_>>().join("; ")
}

async fn ids(app: &TestApp, token: &str) -> Vec<String> {
    let list = app.get("/v1/hazards?limit=100", token).await.expect(200);
    list.body["items"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

/// Every hazard in `stored` still reads exactly as it was.
async fn unchanged(app: &TestApp, token: &str, stored: &[Value]) {
    for h in stored {
        let now = app.get(&format!("/v1/hazards/{}", h["id"].as_str().unwrap()), token).await.expect(200);
        assert_eq!(&now.body, h, "a stored hazard changed");
    }
}

async fn keyed_filing(app: &TestApp, token: &str, key: &str) -> hazard_tests::Reply {
    let body = general_hazard("huayanglu");
    app.call_with(Method::POST, "/v1/hazards", Some(token), Some(&body), &[("Idempotency-Key", key)]).await
}

#[tokio::test]
async fn a_read_only_sqlite_file_answers_503_reports_not_ready_and_keeps_what_is_stored() {
    if backend_url().is_some() {
        return; // SQLite only: the file is the database.
    }
    let app = spawn_app_with(|_| {}).await;
    let (inspector, _) = app.account("inspector", None).await;
    let mut stored = Vec::new();
    for _ in 0..2 {
        let id = app.hazard(&inspector, "huayanglu").await["id"].as_str().unwrap().to_owned();
        stored.push(app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body);
    }
    let file = db_file(&app);
    let wal = PathBuf::from(format!("{}-wal", file.display()));
    let frozen = Immutable::set(&[file.clone(), wal]);

    let r = app.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some(), "Retry-After");
    let r = keyed_filing(&app, &inspector, "read-only-1").await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some(), "Retry-After");
    app.call(Method::GET, "/readyz", None, None).await.problem(503, "unavailable");
    unchanged(&app, &inspector, &stored).await;

    drop(frozen);
    app.call(Method::GET, "/readyz", None, None).await.expect(200);
    // Nothing of the refused keyed request was kept: its retry runs now.
    let r = keyed_filing(&app, &inspector, "read-only-1").await.expect(201);
    assert_eq!(r.header("idempotency-replayed"), None);
    assert_eq!(ids(&app, &inspector).await.len(), 3, "the refused writes left nothing behind");
    unchanged(&app, &inspector, &stored).await;
    assert_eq!(integrity(&file), "ok");
}

#[tokio::test]
async fn a_full_disk_answers_a_problem_reports_not_ready_and_keeps_what_is_stored() {
    if backend_url().is_some() {
        return; // SQLite only: the database's own file system fills up.
    }
    let disk = Tmpfs::mount(8);
    let (url, files) = (format!("sqlite://{}", disk.0.join("hazard.db").display()), disk.0.join("files"));
    // The free-space guard off: the writes themselves meet the full disk.
    let app = spawn_app_with(|s| {
        s.database_url = url;
        s.data_dir = files;
        s.limits.min_free_disk_mb = 0;
    })
    .await;
    let (inspector, _) = app.account("inspector", None).await;
    let mut stored = Vec::new();
    for _ in 0..2 {
        let id = app.hazard(&inspector, "huayanglu").await["id"].as_str().unwrap().to_owned();
        stored.push(app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body);
    }
    let first = stored[0]["id"].as_str().unwrap().to_owned();
    let photo = app.upload(&inspector, &first, "before", PNG_1X1.to_vec()).await.expect(201).body;
    let photo_path = format!("/v1/photos/{}", photo["id"].as_str().unwrap());
    stored[0] = app.get(&format!("/v1/hazards/{first}"), &inspector).await.expect(200).body;
    // A second server on the same file system keeps the guard (1 MiB).
    let guarded = app.spawn_sharing(|s| s.limits.min_free_disk_mb = 1).await;
    guarded.call(Method::GET, "/readyz", None, None).await.expect(200);

    let filler = disk.fill();
    let r = app.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some(), "Retry-After");
    let r = keyed_filing(&app, &inspector, "full-1").await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some(), "Retry-After");
    let mut bigger = PNG_1X1.to_vec();
    bigger.extend_from_slice(&[7; 4096]);
    let r = app.upload(&inspector, &first, "before", bigger).await;
    assert!(matches!(r.status.as_u16(), 503 | 507), "a photo on a full disk: {} {}", r.status, r.text);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"), "{}", r.text);
    app.call(Method::GET, "/readyz", None, None).await.problem(503, "unavailable");
    // With the guard: refused before starting, and reported as such.
    guarded.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await.problem(507, "insufficient_storage");
    guarded.call(Method::GET, "/readyz", None, None).await.problem(503, "insufficient_storage");
    unchanged(&app, &inspector, &stored).await;
    assert_eq!(app.get(&photo_path, &inspector).await.status, 200, "a stored photo still reads");

    std::fs::remove_file(filler).unwrap();
    app.call(Method::GET, "/readyz", None, None).await.expect(200);
    guarded.call(Method::GET, "/readyz", None, None).await.expect(200);
    let r = keyed_filing(&app, &inspector, "full-1").await.expect(201);
    assert_eq!(r.header("idempotency-replayed"), None);
    assert_eq!(ids(&app, &inspector).await.len(), 3, "the refused writes left nothing behind");
    unchanged(&app, &inspector, &stored).await;
    drop(guarded);
    assert_eq!(integrity(&disk.0.join("hazard.db")), "ok");
}
