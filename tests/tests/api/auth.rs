//! Sign-in, tokens, throttling, and every way a token can be wrong.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hazard_tests::{spawn_app, ADMIN_PASSWORD, JWT_SECRET};
use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn login_issues_tokens_and_me_answers() {
    let app = spawn_app().await;
    let r = app.login_reply("admin", ADMIN_PASSWORD).await.expect(200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 900);
    assert!(r.body["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    let token = r.body["access_token"].as_str().unwrap();
    let me = app.get("/v1/me", token).await.expect(200);
    assert_eq!(me.body["username"], "admin");
    assert_eq!(me.body["role"], "admin");
    assert!(me.body.get("password_hash").is_none() && !me.text.contains("argon2"));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_look_the_same() {
    let app = spawn_app().await;
    let a = app.login_reply("admin", "wrong-password").await;
    let b = app.login_reply("nobody", "wrong-password").await;
    a.problem(401, "invalid_credentials");
    b.problem(401, "invalid_credentials");
    assert_eq!(a.body["detail"], b.body["detail"]);
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account() {
    let app = spawn_app().await;
    for _ in 0..4 {
        app.login_reply("admin", "wrong-password").await.problem(401, "invalid_credentials");
    }
    let locked = app.login_reply("admin", "wrong-password").await;
    locked.problem(429, "rate_limited");
    let retry: u64 = locked.header("retry-after").expect("Retry-After").parse().expect("seconds");
    assert!(retry > 0 && retry <= 900);
    // Even the right password waits until the lock expires.
    app.login_reply("admin", ADMIN_PASSWORD).await.problem(429, "rate_limited");
    app.clock.advance(chrono::Duration::minutes(16));
    app.login_reply("admin", ADMIN_PASSWORD).await.expect(200);
}

#[tokio::test]
async fn failures_are_throttled_per_client_address() {
    let app = hazard_tests::spawn_app_with(|s| s.login_max_failures_per_address = 3).await;
    for name in ["a1", "a2"] {
        app.login_reply(name, "x").await.problem(401, "invalid_credentials");
    }
    app.login_reply("a3", "x").await.problem(429, "rate_limited");
    app.login_reply("admin", ADMIN_PASSWORD).await.problem(429, "rate_limited");
}

#[tokio::test]
async fn bad_login_bodies_name_the_field() {
    let app = spawn_app().await;
    let r = app.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "admin"}))).await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["password"]);
    let r = app.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": "", "password": "x"}))).await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["username"]);
    let r = app.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": 5, "password": "x"}))).await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["username"]);
    let raw = app
        .client
        .post(format!("{}/v1/auth/login", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    hazard_tests::Reply::checked("POST", "/v1/auth/login", raw).await.problem(400, "malformed_json");
    let form = app.client.post(format!("{}/v1/auth/login", app.address)).body("username=admin").send().await.unwrap();
    hazard_tests::Reply::checked("POST", "/v1/auth/login", form).await.problem(415, "unsupported_media_type");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(100 * 1024);
    let r = app.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": big, "password": "x"}))).await;
    r.problem(413, "payload_too_large");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_chain() {
    let app = spawn_app().await;
    let first = app.login_reply("admin", ADMIN_PASSWORD).await.expect(200);
    let r1 = first.body["refresh_token"].as_str().unwrap().to_owned();
    let second =
        app.call(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": r1}))).await.expect(200);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    assert!(app.get("/v1/me", second.body["access_token"].as_str().unwrap()).await.status.is_success());
    // The old token again: someone else has it. The whole chain dies, r2 included.
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": r1})))
        .await
        .problem(401, "unauthorized");
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": r2})))
        .await
        .problem(401, "unauthorized");
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = spawn_app().await;
    let r = app.login_reply("admin", ADMIN_PASSWORD).await.expect(200);
    let refresh = r.body["refresh_token"].as_str().unwrap().to_owned();
    app.call(Method::POST, "/v1/auth/logout", None, Some(&json!({"refresh_token": refresh}))).await.expect(204);
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": refresh})))
        .await
        .problem(401, "unauthorized");
    // Logging out twice is fine.
    app.call(Method::POST, "/v1/auth/logout", None, Some(&json!({"refresh_token": refresh}))).await.expect(204);
}

#[tokio::test]
async fn expired_refresh_tokens_are_refused() {
    let app = spawn_app().await;
    let r = app.login_reply("admin", ADMIN_PASSWORD).await.expect(200);
    app.clock.advance(chrono::Duration::days(31));
    let body = json!({"refresh_token": r.body["refresh_token"]});
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&body)).await.problem(401, "unauthorized");
}

fn claims(exp_offset: i64) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": uuid::Uuid::new_v4(), "role": "admin", "iat": now, "exp": now + exp_offset, "iss": "hazard-api"})
}

#[tokio::test]
async fn every_kind_of_bad_token_is_a_401_problem() {
    let app = spawn_app().await;
    let good_key = EncodingKey::from_secret(JWT_SECRET.as_bytes()).unwrap();
    let expired = encode(&Header::default(), &claims(-3600), &good_key).unwrap();
    let wrong_key =
        encode(&Header::default(), &claims(600), &EncodingKey::from_secret(b"another-secret-entirely").unwrap())
            .unwrap();
    let header_none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(600).to_string());
    let alg_none = format!("{header_none}.{payload}.");
    let wrong_issuer = {
        let mut c = claims(600);
        c["iss"] = json!("someone-else");
        encode(&Header::default(), &c, &good_key).unwrap()
    };
    let cases: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("malformed", Some("Bearer not.a.jwt".into())),
        ("not bearer", Some("Basic YWRtaW46YWRtaW4=".into())),
        ("expired", Some(format!("Bearer {expired}"))),
        ("wrong signature", Some(format!("Bearer {wrong_key}"))),
        ("alg none", Some(format!("Bearer {alg_none}"))),
        ("wrong issuer", Some(format!("Bearer {wrong_issuer}"))),
    ];
    for (label, header) in cases {
        let mut req = app.client.get(format!("{}/v1/me", app.address));
        if let Some(h) = header {
            req = req.header("Authorization", h);
        }
        let r = hazard_tests::Reply::checked("GET", "/v1/me", req.send().await.unwrap()).await;
        assert_eq!(r.status.as_u16(), 401, "{label}: {}", r.text);
        r.problem(401, "unauthorized");
        assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer"), "{label}");
    }
    let r = app.get("/v1/me", &expired).await;
    assert!(r.body["detail"].as_str().unwrap().contains("expired"));
}
