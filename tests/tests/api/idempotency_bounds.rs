//! What `Idempotency-Key` may cost the server: nothing for anonymous callers, unknown
//! routes or sign-in; a bounded number of keys per caller; bodies read only up to the
//! route's limit; and an unfinished key that never outlives its request's lease.

use hazard_tests::{general_hazard, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::json;

fn tip() -> serde_json::Value {
    json!({"description": "楼道里堆满了纸箱，影响疏散", "address": "长宁区天山路100弄",
           "latitude": 31.215, "longitude": 121.401, "sector": "fire", "street_code": "tianshanlu"})
}

#[tokio::test]
async fn anonymous_and_unknown_route_requests_store_nothing() {
    let app = spawn_app().await;
    let key = [("Idempotency-Key", "anon-1")];
    let a = app.call_with(Method::POST, "/v1/public/tips", None, Some(&tip()), &key).await.expect(201);
    let b = app.call_with(Method::POST, "/v1/public/tips", None, Some(&tip()), &key).await.expect(201);
    assert!(b.header("idempotency-replayed").is_none(), "an anonymous answer is never stored");
    assert_ne!(a.body["tracking_code"], b.body["tracking_code"]);
    let (token, _) = app.account("inspector", None).await;
    for _ in 0..2 {
        let r = app.call_with(Method::POST, "/v1/no-such-route", Some(&token), Some(&json!({})), &key).await;
        r.problem(404, "not_found");
        assert!(r.header("idempotency-replayed").is_none(), "unknown routes are not stored");
    }
}

#[tokio::test]
async fn an_anonymous_body_is_not_read_before_authentication() {
    let app = spawn_app().await;
    // Larger than any route accepts: read before authentication it would be refused as
    // too large; not read, the handler refuses the caller first.
    let big = json!({"title": "x".repeat(700 * 1024)});
    let r = app.call_with(Method::POST, "/v1/hazards", None, Some(&big), &[("Idempotency-Key", "big-anon")]).await;
    r.problem(401, "unauthorized");
    // An authenticated caller is held to the route's own (JSON) limit, not the photo limit.
    let (token, _) = app.account("inspector", None).await;
    let mid = json!({"title": "x".repeat(100 * 1024)});
    let r = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&mid), &[("Idempotency-Key", "mid")]).await;
    r.problem(413, "payload_too_large");
}

#[tokio::test]
async fn sign_in_answers_are_never_stored_and_a_keyed_refresh_replay_is_reuse() {
    let app = spawn_app().await;
    let creds = json!({"username": "admin", "password": hazard_tests::ADMIN_PASSWORD});
    let key = [("Idempotency-Key", "login-1")];
    let a = app.call_with(Method::POST, "/v1/auth/login", None, Some(&creds), &key).await.expect(200);
    let b = app.call_with(Method::POST, "/v1/auth/login", None, Some(&creds), &key).await.expect(200);
    assert!(b.header("idempotency-replayed").is_none());
    assert_ne!(a.body["refresh_token"], b.body["refresh_token"], "each sign-in issues its own tokens");
    let refresh = json!({"refresh_token": a.body["refresh_token"]});
    let rk = [("Idempotency-Key", "refresh-1")];
    let first = app.call_with(Method::POST, "/v1/auth/refresh", None, Some(&refresh), &rk).await.expect(200);
    let replay = app.call_with(Method::POST, "/v1/auth/refresh", None, Some(&refresh), &rk).await;
    replay.problem(401, "unauthorized");
    // Reuse revoked the chain: the tokens of the first refresh are dead too.
    let next = json!({"refresh_token": first.body["refresh_token"]});
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&next)).await.problem(401, "unauthorized");
}

#[tokio::test]
async fn one_caller_holds_a_bounded_number_of_keys() {
    let app = spawn_app_with(|s| s.limits.idempotency_max_keys_per_caller = 3).await;
    let (token, _) = app.account("inspector", None).await;
    let body = general_hazard("huayanglu");
    for i in 0..3 {
        let k = format!("quota-{i}");
        app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &[("Idempotency-Key", &k)])
            .await
            .expect(201);
    }
    let over = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &[("Idempotency-Key", "quota-3")]);
    let over = over.await;
    over.problem(429, "rate_limited");
    assert!(over.header("retry-after").is_some());
    // Keys already held still replay, and other callers are not affected.
    let again =
        app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &[("Idempotency-Key", "quota-0")]);
    assert_eq!(again.await.expect(201).header("idempotency-replayed").as_deref(), Some("true"));
    let (other, _) = app.account("inspector", None).await;
    let k = [("Idempotency-Key", "quota-3")];
    app.call_with(Method::POST, "/v1/hazards", Some(&other), Some(&body), &k).await.expect(201);
}

/// A request whose process died after claiming its key (simulated: the claim is made
/// as the middleware would, and nothing ever completes it) holds the key only for the
/// lease; then the retry runs and is stored as usual.
#[tokio::test]
async fn a_key_left_in_progress_is_released_when_its_lease_ends() {
    let app = spawn_app_with(|s| s.limits.idempotency_lease_secs = 30).await;
    let (token, user_id) = app.account("inspector", None).await;
    let body = general_hazard("huayanglu");
    let fingerprint =
        hazard_api::idempotency::fingerprint("POST", "/v1/hazards", "application/json", body.to_string().as_bytes());
    let st = app.state.clone();
    tokio::task::spawn_blocking(move || {
        use hazard_infra::repo::idempotency::{claim, Claim, Terms};
        let now = st.now_naive();
        let terms = Terms {
            now,
            expires_at: now + chrono::Duration::hours(24),
            lease_until: now + chrono::Duration::seconds(30),
            max_per_scope: 100,
        };
        let mut conn = st.pool.get().unwrap();
        assert_eq!(claim(&mut conn, &format!("user:{user_id}"), "died", &fingerprint, terms).unwrap(), Claim::Owned);
    })
    .await
    .unwrap();
    let key = [("Idempotency-Key", "died")];
    let busy = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await;
    busy.problem(409, "idempotency_in_progress");
    let wait: i64 = busy.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    app.clock.advance(chrono::Duration::seconds(31));
    let ran = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await.expect(201);
    assert!(ran.header("idempotency-replayed").is_none(), "the retry ran the request");
    let replay = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await.expect(201);
    assert_eq!(replay.header("idempotency-replayed").as_deref(), Some("true"));
    assert_eq!(replay.body["id"], ran.body["id"]);
}

/// Waits until `n` statements of this database wait for a row lock.
async fn lock_waiters(url: &str, n: i64) {
    #[derive(diesel::QueryableByName)]
    struct Waiting {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        waiting: i64,
    }
    let url = url.to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let u = url.clone();
        let waiting = tokio::task::spawn_blocking(move || {
            use diesel::{Connection, RunQueryDsl};
            let mut conn = diesel::pg::PgConnection::establish(&u).unwrap();
            let q = "SELECT count(*) AS waiting FROM pg_stat_activity \
                     WHERE datname = current_database() AND wait_event_type = 'Lock'";
            diesel::sql_query(q).get_result::<Waiting>(&mut conn).unwrap().waiting
        })
        .await
        .unwrap();
        if waiting >= n {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{waiting} of {n} requests waiting for the lock");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A request still running when its lease ends has lost its key to the retry that took
/// it over: whichever reaches the hazard first, exactly one transition is committed, the
/// first request's writes are rolled back, and every later retry gets the retry's answer.
/// PostgreSQL only: the test holds the hazard's row lock to keep both requests running.
#[tokio::test]
async fn a_request_that_outlives_its_lease_yields_to_the_retry_that_took_its_key() {
    if hazard_tests::backend_url().is_none() {
        return;
    }
    let app = spawn_app_with(|s| s.limits.idempotency_lease_secs = 30).await;
    let (token, _) = app.account("inspector", None).await;
    let hid = app.hazard(&token, "huayanglu").await["id"].as_str().unwrap().to_owned();
    let url = format!("{}/v1/hazards/{hid}/transitions", app.address);
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "某公司",
                        "deadline": hazard_tests::date_in(&app, 7)});
    // Hold the hazard's row until told to let go.
    let (db, h) = (app.database_url(), hid.clone());
    let (hold, release) = std::sync::mpsc::channel::<()>();
    let (held, is_held) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let mut conn = diesel::pg::PgConnection::establish(&db).unwrap();
        conn.batch_execute(&format!("BEGIN; SELECT id FROM hazards WHERE id = '{h}' FOR UPDATE;")).unwrap();
        held.send(()).unwrap();
        let _ = release.recv();
        conn.batch_execute("ROLLBACK").unwrap();
    });
    is_held.recv().unwrap();
    let send = |client: reqwest::Client| {
        let (url, token, body) = (url.clone(), token.clone(), assign.clone());
        async move {
            let r = client.post(url).bearer_auth(token).header("Idempotency-Key", "slow-assign").json(&body);
            let r = r.send().await.unwrap();
            let replayed = r.headers().get("idempotency-replayed").is_some();
            (r.status().as_u16(), replayed, r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let first = tokio::spawn(send(app.client.clone()));
    lock_waiters(&app.database_url(), 1).await;
    app.clock.advance(chrono::Duration::seconds(31));
    let retry = tokio::spawn(send(app.client.clone()));
    lock_waiters(&app.database_url(), 2).await;
    drop(hold);
    holder.join().unwrap();
    let (first, retry) = (first.await.unwrap(), retry.await.unwrap());
    assert_eq!((first.0, first.2["code"].as_str()), (409, Some("idempotency_in_progress")), "{:?}", first.2);
    assert_eq!((retry.0, retry.1), (200, false), "{:?}", retry.2);
    let later = send(app.client.clone()).await;
    assert_eq!((later.0, later.1, &later.2), (200, true, &retry.2), "later retries replay the retry's answer");
    assert_eq!(app.event_count(&token, &hid).await, 2, "report + exactly one assign");
}
