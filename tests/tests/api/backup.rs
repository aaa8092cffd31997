//! `hazard-api backup`: an online copy of the SQLite database that a server starts on
//! and serves from; PostgreSQL is pointed at pg_dump (tested in the replicas test).

use hazard_tests::{spawn_app, spawn_app_with, PASSWORD};

fn backup(url: String, target: std::path::PathBuf) -> Result<(), hazard_infra::InfraError> {
    let pool = hazard_infra::db::connect(&url, 1)?;
    let mut conn = pool.get()?;
    hazard_infra::db::backup_sqlite(&mut conn, &target)
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_and_reads_back() {
    let app = spawn_app().await;
    let (token, user) = app.account("inspector", None).await;
    let username = app.get("/v1/me", &token).await.expect(200).body["username"].as_str().unwrap().to_owned();
    let before = app.hazard(&token, "huayanglu").await;
    let dir = std::env::temp_dir().join(format!("hazard-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("copy.db");
    let (url, t) = (app.database_url(), target.clone());
    let taken = tokio::task::spawn_blocking(move || backup(url, t)).await.unwrap();
    if app.backend == "postgres" {
        let message = taken.unwrap_err().to_string();
        assert!(message.contains("pg_dump"), "{message}");
        return;
    }
    taken.expect("backup");
    let after = app.hazard(&token, "huayanglu").await;
    // Never over an existing file.
    let (url, t) = (app.database_url(), target.clone());
    let again = tokio::task::spawn_blocking(move || backup(url, t)).await.unwrap();
    assert!(again.unwrap_err().to_string().contains("exists"));

    let restored = spawn_app_with(|s| s.database_url = format!("sqlite://{}", target.display())).await;
    let token = restored.login(&username, PASSWORD).await;
    let me = restored.get("/v1/me", &token).await.expect(200);
    assert_eq!(me.body["id"], user);
    let got = restored.get(&format!("/v1/hazards/{}", before["id"].as_str().unwrap()), &token).await.expect(200);
    assert_eq!(got.body["code"], before["code"]);
    restored.get(&format!("/v1/hazards/{}", after["id"].as_str().unwrap()), &token).await.expect(404);
    std::fs::remove_dir_all(dir).unwrap();
}
