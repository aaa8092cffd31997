//! `Idempotency-Key`: retries are answered from the first response, never done twice.

use hazard_tests::{general_hazard, spawn_app};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_retried_create_is_replayed_not_repeated() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let body = general_hazard("huayanglu");
    let key = [("Idempotency-Key", "phone-7f3a-0001")];
    let first = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await.expect(201);
    let again = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await.expect(201);
    assert_eq!(first.body, again.body, "the same response");
    assert_eq!(first.header("location"), again.header("location"));
    assert_eq!(first.header("etag"), again.header("etag"));
    assert_eq!(again.header("idempotency-replayed").as_deref(), Some("true"));
    assert!(first.header("idempotency-replayed").is_none());
    let list = app.get("/v1/hazards", &token).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "filed once");
    // Key order and spacing of the JSON do not matter; its content does.
    let reordered: serde_json::Value = serde_json::from_str(&body.to_string()).unwrap();
    app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&reordered), &key).await.expect(201);
    let mut other = body.clone();
    other["title"] = json!("换了标题");
    let r = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&other), &key).await;
    r.problem(422, "idempotency_key_reused");
}

#[tokio::test]
async fn a_retried_transition_happens_once() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    let path = format!("/v1/hazards/{hid}/transitions");
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "某公司",
                        "deadline": hazard_tests::date_in(&app, 7)});
    let key = [("Idempotency-Key", "assign-once")];
    let a = app.call_with(Method::POST, &path, Some(&token), Some(&assign), &key).await.expect(200);
    let b = app.call_with(Method::POST, &path, Some(&token), Some(&assign), &key).await.expect(200);
    assert_eq!(a.body, b.body);
    assert_eq!(app.event_count(&token, hid).await, 2, "report + one assign");
    // Without the key, the retry is a second attempt, which the lifecycle refuses.
    app.call(Method::POST, &path, Some(&token), Some(&assign)).await.problem(409, "invalid_transition");
    // Errors are replayed too: the key is bound to its first answer.
    let bad = json!({"action": "approve"});
    let k2 = [("Idempotency-Key", "approve-too-early")];
    app.call_with(Method::POST, &path, Some(&token), Some(&bad), &k2).await.problem(409, "invalid_transition");
    let r = app.call_with(Method::POST, &path, Some(&token), Some(&bad), &k2).await;
    r.problem(409, "invalid_transition");
    assert_eq!(r.header("idempotency-replayed").as_deref(), Some("true"));
}

#[tokio::test]
async fn keys_are_scoped_to_the_caller() {
    let app = spawn_app().await;
    let (a, _) = app.account("inspector", None).await;
    let (b, _) = app.account("inspector", None).await;
    let key = [("Idempotency-Key", "shared-key")];
    let body = general_hazard("huayanglu");
    let ra = app.call_with(Method::POST, "/v1/hazards", Some(&a), Some(&body), &key).await.expect(201);
    let rb = app.call_with(Method::POST, "/v1/hazards", Some(&b), Some(&body), &key).await.expect(201);
    assert_ne!(ra.body["id"], rb.body["id"]);
    assert!(rb.header("idempotency-replayed").is_none());
}

/// A phone that writes the scheme in lower case (`bearer`, which RFC 9110 allows) is the
/// same caller to the idempotency store as to the handlers: its keys are its own, not
/// those of every anonymous caller at its address.
#[tokio::test]
async fn a_lower_case_bearer_scheme_keeps_keys_per_account() {
    let app = spawn_app().await;
    let (a, _) = app.account("inspector", None).await;
    let (b, _) = app.account("inspector", None).await;
    let body = general_hazard("huayanglu");
    let auth_a = format!("bearer {a}");
    let auth_b = format!("bearer {b}");
    let key = ("Idempotency-Key", "lower-case-scheme");
    let ra = app.call_with(Method::POST, "/v1/hazards", None, Some(&body), &[key, ("Authorization", &auth_a)]).await;
    let ra = ra.expect(201);
    let mut other = body.clone();
    other["title"] = json!("另一处隐患");
    let rb = app.call_with(Method::POST, "/v1/hazards", None, Some(&other), &[key, ("Authorization", &auth_b)]).await;
    let rb = rb.expect(201);
    assert_ne!(ra.body["id"], rb.body["id"]);
    assert!(rb.header("idempotency-replayed").is_none());
    // The owner's retry is still replayed.
    let again = app.call_with(Method::POST, "/v1/hazards", None, Some(&body), &[key, ("Authorization", &auth_a)]).await;
    assert_eq!(again.expect(201).header("idempotency-replayed").as_deref(), Some("true"));
}

#[tokio::test]
async fn concurrent_requests_with_one_key_run_once() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let body = general_hazard("huayanglu");
    let key = [("Idempotency-Key", "double-tap")];
    let (x, y) = tokio::join!(
        app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key),
        app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key),
    );
    for r in [&x, &y] {
        match r.status.as_u16() {
            201 => {}
            409 => assert_eq!(r.body["code"], "idempotency_in_progress"),
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    assert!(x.status.as_u16() == 201 || y.status.as_u16() == 201);
    let list = app.get("/v1/hazards", &token).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn keys_expire_and_are_cleaned_up() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let key = [("Idempotency-Key", "old-key")];
    let body = general_hazard("huayanglu");
    app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &key).await.expect(201);
    app.clock.advance(chrono::Duration::hours(25));
    let st = app.state.clone();
    let purged = tokio::task::spawn_blocking(move || hazard_api::jobs::run_once(&st)).await.unwrap().unwrap();
    assert_eq!(purged.purged_keys, 1);
    // A fresh token (the clock moved past the old one's expiry); the key is new again.
    let (token, _) = app.account("inspector", None).await;
    let mut other = body.clone();
    other["title"] = json!("新的隐患");
    app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&other), &key).await.expect(201);
}

#[tokio::test]
async fn malformed_keys_are_refused() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let long = "k".repeat(256);
    let r = app
        .call_with(
            Method::POST,
            "/v1/hazards",
            Some(&token),
            Some(&general_hazard("huayanglu")),
            &[("Idempotency-Key", &long)],
        )
        .await;
    assert_eq!(r.problem(400, "validation_failed"), ["Idempotency-Key"]);
    let list = app.get("/v1/hazards", &token).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}

/// A keyed write the database refuses (the name is taken) answers its problem, which is
/// stored and replayed like any answer; on PostgreSQL the failed insert must not spoil
/// the request's transaction (that used to turn the 409 into a 500).
#[tokio::test]
async fn a_keyed_write_the_database_refuses_answers_its_problem_and_replays_it() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body =
        json!({"username": "duty.taken", "password": "Test-password-1", "display_name": "值班员", "role": "inspector"});
    app.post("/v1/users", &admin, &body).await.expect(201);
    let key = [("Idempotency-Key", "taken-1")];
    let first = app.call_with(Method::POST, "/v1/users", Some(&admin), Some(&body), &key).await;
    first.problem(409, "conflict");
    let again = app.call_with(Method::POST, "/v1/users", Some(&admin), Some(&body), &key).await;
    again.problem(409, "conflict");
    assert_eq!(again.header("idempotency-replayed").as_deref(), Some("true"));
    assert_eq!(first.body, again.body);
    // The same caller's next keyed write is unaffected.
    let other =
        json!({"username": "duty.free", "password": "Test-password-1", "display_name": "值班员", "role": "inspector"});
    app.call_with(Method::POST, "/v1/users", Some(&admin), Some(&other), &[("Idempotency-Key", "free-1")])
        .await
        .expect(201);
    let listed = app.get("/v1/users?limit=100", &admin).await.expect(200).body;
    let taken = listed["items"].as_array().unwrap().iter().filter(|u| u["username"] == "duty.taken").count();
    assert_eq!(taken, 1);
}
