//! Several servers on one database, as replicas behind a load balancer: start-up runs
//! migrations and seeding once, an older binary refuses a newer schema, API clients'
//! buckets are shared (PostgreSQL), and revocations reach every replica.

use std::sync::Arc;

use hazard_api::Application;
use hazard_infra::clock::ManualClock;
use hazard_tests::{fresh_database, spawn_app, ADMIN_PASSWORD, PASSWORD};
use reqwest::Method;
use serde_json::json;

fn run_sql(url: &str, sql: &'static str) -> Vec<i64> {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let pool = hazard_infra::db::connect(url, 1).expect("pool");
    let mut conn = pool.get().expect("conn");
    if sql.trim_start().to_ascii_uppercase().starts_with("SELECT") {
        diesel::sql_query(sql).load::<N>(&mut *conn).expect("query").into_iter().map(|r| r.n).collect()
    } else {
        conn.batch_execute(sql).expect("statement");
        vec![]
    }
}

#[tokio::test]
async fn replicas_starting_together_migrate_and_seed_once() {
    let fresh = fresh_database().await;
    let start = || Application::build(fresh.settings.clone(), Arc::new(ManualClock::default()));
    let (a, b, c) = tokio::join!(start(), start(), start());
    for app in [a, b, c] {
        app.expect("every replica starts");
    }
    let url = fresh.settings.database_url.clone();
    let counts = tokio::task::spawn_blocking(move || {
        (
            run_sql(&url, "SELECT COUNT(*) AS n FROM users WHERE username = 'admin'"),
            run_sql(&url, "SELECT COUNT(*) AS n FROM __diesel_schema_migrations"),
            run_sql(&url, "SELECT COUNT(DISTINCT version) AS n FROM __diesel_schema_migrations"),
            run_sql(&url, "SELECT COUNT(*) AS n FROM streets"),
        )
    })
    .await
    .unwrap();
    assert_eq!(counts.0, vec![1], "one administrator");
    assert_eq!(counts.1, counts.2, "each migration recorded once");
    assert!(counts.3[0] > 0, "reference data seeded");
}

#[tokio::test]
async fn an_older_binary_refuses_a_newer_schema() {
    let app = spawn_app().await;
    let url = app.database_url();
    tokio::task::spawn_blocking(move || {
        run_sql(&url, "INSERT INTO __diesel_schema_migrations (version) VALUES ('29990101000000')")
    })
    .await
    .unwrap();
    let err = Application::build(app.settings.clone(), Arc::new(ManualClock::default()))
        .await
        .err()
        .expect("a binary that does not know a migration must not start");
    let message = err.to_string();
    assert!(message.contains("newer than this binary"), "{message}");
    assert!(message.contains("29990101000000"), "names the unknown migration: {message}");
    // The running server is untouched.
    app.call(Method::GET, "/readyz", None, None).await.expect(200);
}

async fn client_key(app: &hazard_tests::TestApp, per_minute: i32) -> String {
    let admin = app.admin().await;
    let body = json!({"name": "一网统管平台", "scopes": ["cases:read"], "street_code": null, "rate_limit_per_minute": per_minute});
    app.post("/v1/clients", &admin, &body).await.expect(201).body["api_key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_api_clients_bucket_is_shared_by_every_replica() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let key = client_key(&first, 3).await;
    let get = |app: &hazard_tests::TestApp| {
        let key = key.clone();
        let (client, address) = (app.client.clone(), app.address.clone());
        async move {
            let res = client.get(format!("{address}/v1/hazards")).header("X-Api-Key", key).send().await.unwrap();
            hazard_tests::Reply::read(res).await
        }
    };
    let mut seen = vec![];
    for app in [&first, &second, &first, &second] {
        let r = get(app).await;
        seen.push((r.status.as_u16(), r.header("ratelimit-remaining"), r.header("retry-after")));
    }
    if first.backend == "postgres" {
        assert_eq!(
            seen,
            vec![
                (200, Some("2".into()), None),
                (200, Some("1".into()), None),
                (200, Some("0".into()), None),
                (429, Some("0".into()), Some("20".into())),
            ],
            "one bucket of 3 a minute across both replicas"
        );
    } else {
        // SQLite serves from one process; a second process keeps its own buckets.
        assert_eq!(seen.iter().filter(|s| s.0 == 200).count(), 4, "{seen:?}");
    }
    first.clock.advance(chrono::Duration::seconds(21));
    let r = get(&second).await.expect(200);
    assert_eq!(r.header("ratelimit-limit").as_deref(), Some("3"));
}

async fn new_account(app: &hazard_tests::TestApp, role: &str) -> (String, String) {
    let admin = app.admin().await;
    let username = format!("{role}.{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let body = json!({"username": username, "password": PASSWORD, "display_name": "测试", "role": role,
        "street_code": null, "enterprise_id": null});
    let id = app.post("/v1/users", &admin, &body).await.expect(201).body["id"].as_str().unwrap().to_owned();
    (username, id)
}

#[tokio::test]
async fn deactivation_through_one_replica_ends_access_on_the_other() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let (username, id) = new_account(&first, "supervisor").await;
    let token = second.login(&username, PASSWORD).await;
    second.get("/v1/users", &token).await.problem(403, "forbidden");
    second.get("/v1/supervisions", &token).await.expect(200);
    let admin = first.login("admin", ADMIN_PASSWORD).await;
    first
        .call(Method::PATCH, &format!("/v1/users/{id}"), Some(&admin), Some(&json!({"active": false})))
        .await
        .expect(200);
    let r = second.get("/v1/supervisions", &token).await;
    r.problem(401, "unauthorized");
    assert!(r.body["detail"].as_str().unwrap().contains("revoked"), "{}", r.text);
}

#[tokio::test]
async fn a_demoted_account_loses_its_rights_at_once() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let (username, id) = new_account(&first, "supervisor").await;
    let tokens = second.login_reply(&username, PASSWORD).await.expect(200);
    let token = tokens.body["access_token"].as_str().unwrap().to_owned();
    second.get("/v1/supervisions", &token).await.expect(200);
    let admin = first.admin().await;
    let patch = json!({"role": "enterprise", "enterprise_id": first.enterprise("huayanglu").await});
    first.call(Method::PATCH, &format!("/v1/users/{id}"), Some(&admin), Some(&patch)).await.expect(200);
    second.get("/v1/supervisions", &token).await.problem(401, "unauthorized");
    // The session itself lives on: a refresh gives a token with the new role.
    let body = json!({"refresh_token": tokens.body["refresh_token"]});
    let fresh = second.call(Method::POST, "/v1/auth/refresh", None, Some(&body)).await.expect(200);
    let me = second.get("/v1/me", fresh.body["access_token"].as_str().unwrap()).await.expect(200);
    assert_eq!(me.body["role"], "enterprise");
}

#[tokio::test]
async fn logout_ends_the_access_token_of_that_session_only() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let (username, _) = new_account(&first, "inspector").await;
    let phone = first.login_reply(&username, PASSWORD).await.expect(200);
    let tablet = first.login(&username, PASSWORD).await;
    let phone_token = phone.body["access_token"].as_str().unwrap().to_owned();
    second.get("/v1/me", &phone_token).await.expect(200);
    let body = json!({"refresh_token": phone.body["refresh_token"]});
    first.call(Method::POST, "/v1/auth/logout", None, Some(&body)).await.expect(204);
    second.get("/v1/me", &phone_token).await.problem(401, "unauthorized");
    first.get("/v1/me", &phone_token).await.problem(401, "unauthorized");
    second.get("/v1/me", &tablet).await.expect(200);
}

#[tokio::test]
async fn a_revocation_reaches_a_caching_replica_within_its_recheck_time() {
    let first = spawn_app_cached().await;
    let second = first.replica().await;
    let (username, id) = new_account(&first, "inspector").await;
    let token = second.login(&username, PASSWORD).await;
    second.get("/v1/hazards", &token).await.expect(200);
    let admin = first.admin().await;
    first
        .call(Method::PATCH, &format!("/v1/users/{id}"), Some(&admin), Some(&json!({"active": false})))
        .await
        .expect(200);
    let started = std::time::Instant::now();
    let mut accepted_after = 0;
    loop {
        let r = second.get("/v1/hazards", &token).await;
        if r.status == 401 {
            break;
        }
        accepted_after += 1;
        assert!(started.elapsed() < std::time::Duration::from_secs(3), "still accepted after 3 s");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(accepted_after > 0, "the replica answered from its cache for a while (1 s here)");
}

async fn spawn_app_cached() -> hazard_tests::TestApp {
    hazard_tests::spawn_app_with(|s| s.session_recheck_secs = 1).await
}

#[tokio::test]
async fn concurrent_requests_through_two_replicas_never_overdraw_a_bucket() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let key = client_key(&first, 10).await;
    let mut calls = vec![];
    for i in 0..24 {
        let app = if i % 2 == 0 { &first } else { &second };
        let req = app.client.get(format!("{}/v1/hazards?limit=1", app.address)).header("X-Api-Key", key.clone());
        calls.push(tokio::spawn(async move { req.send().await.unwrap().status().as_u16() }));
    }
    let mut statuses = vec![];
    for call in calls {
        statuses.push(call.await.unwrap());
    }
    let allowed = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(statuses.iter().filter(|s| **s == 429).count() + allowed, 24, "{statuses:?}");
    if first.backend == "postgres" {
        assert_eq!(allowed, 10, "one bucket of 10 across both replicas: {statuses:?}");
    } else {
        assert_eq!(allowed, 20, "one bucket of 10 in each SQLite process: {statuses:?}");
    }
}
