//! Sign-in throttling behind a load balancer: the client address comes from trusted
//! proxies only, an attacker locks only their own (account, address) pair, and the
//! failure count holds under concurrent guesses.

use hazard_tests::{spawn_app, spawn_app_with, ADMIN_PASSWORD};
use reqwest::Method;
use serde_json::json;

async fn login_from(app: &hazard_tests::TestApp, user: &str, pw: &str, from: &str) -> hazard_tests::Reply {
    let body = json!({"username": user, "password": pw});
    app.call_with(Method::POST, "/v1/auth/login", None, Some(&body), &[("X-Forwarded-For", from)]).await
}

/// The README's deployment: every request arrives from the balancer (here 127.0.0.1).
#[tokio::test]
async fn an_attacker_behind_the_balancer_does_not_lock_out_the_real_user() {
    let app = spawn_app_with(|s| {
        s.limits.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        s.login_max_failures_per_address = 30;
    })
    .await;
    let attacker = "198.51.100.66";
    for _ in 0..4 {
        login_from(&app, "admin", "guess", attacker).await.problem(401, "invalid_credentials");
    }
    login_from(&app, "admin", "guess", attacker).await.problem(429, "rate_limited");
    // Further guesses from there stay locked, even with the right password.
    login_from(&app, "admin", ADMIN_PASSWORD, attacker).await.problem(429, "rate_limited");
    // The administrator at another address signs in, after at most the short delay.
    app.clock.advance(chrono::Duration::seconds(2));
    login_from(&app, "admin", ADMIN_PASSWORD, "203.0.113.5").await.expect(200);
    // The attacker's address cannot lock every account either.
    for i in 0..26 {
        let r = login_from(&app, &format!("nobody{i}"), "guess", attacker).await;
        assert!(matches!(r.status.as_u16(), 401 | 429), "{}", r.text);
    }
    login_from(&app, "admin", ADMIN_PASSWORD, "203.0.113.5").await.expect(200);
}

/// Guesses spread over many addresses slow down exponentially instead of locking.
#[tokio::test]
async fn guesses_from_many_addresses_are_slowed_not_locked() {
    let app = spawn_app_with(|s| s.limits.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    for i in 0..5 {
        login_from(&app, "admin", "guess", &format!("198.51.100.{i}")).await.problem(401, "invalid_credentials");
    }
    let slowed = login_from(&app, "admin", "guess", "198.51.100.50").await;
    slowed.problem(429, "rate_limited");
    let wait: i64 = slowed.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    app.clock.advance(chrono::Duration::seconds(wait));
    login_from(&app, "admin", "guess", "198.51.100.51").await.problem(401, "invalid_credentials");
    let longer = login_from(&app, "admin", "guess", "198.51.100.52").await;
    let next: i64 = longer.header("retry-after").unwrap().parse().unwrap();
    assert!(next > wait, "the delay grows: {wait} then {next}");
    app.clock.advance(chrono::Duration::seconds(next));
    login_from(&app, "admin", ADMIN_PASSWORD, "203.0.113.5").await.expect(200);
}

/// Without `HAZARD_TRUSTED_PROXIES`, `X-Forwarded-For` is anyone's to write and is ignored.
#[tokio::test]
async fn forwarded_addresses_from_untrusted_peers_are_ignored() {
    let app = spawn_app_with(|s| s.login_max_failures_per_address = 3).await;
    for i in 0..2 {
        login_from(&app, "nobody", "x", &format!("192.0.2.{i}")).await.problem(401, "invalid_credentials");
    }
    login_from(&app, "nobody", "x", "192.0.2.9").await.problem(429, "rate_limited");
}

#[tokio::test]
async fn concurrent_guesses_get_no_more_than_the_limit() {
    let app = spawn_app().await;
    let guesses = (0..64).map(|_| app.login_reply("admin", "wrong-password"));
    let replies = futures_util::future::join_all(guesses).await;
    let tried = replies.iter().filter(|r| r.status.as_u16() == 401).count();
    let refused = replies.iter().filter(|r| r.status.as_u16() == 429).count();
    assert_eq!(tried + refused, 64);
    assert!(tried <= 5, "{tried} of 64 concurrent guesses were checked (limit 5)");
}

#[tokio::test]
async fn a_short_jwt_secret_stops_start_up() {
    let app = spawn_app().await;
    let mut settings = app.state.settings.as_ref().clone();
    settings.jwt_secret = Some("x".repeat(31));
    let clock = std::sync::Arc::new(hazard_infra::clock::SystemClock);
    let err = hazard_api::Application::build(settings, clock).await.err().expect("start-up fails");
    assert!(err.to_string().contains("at least 32 bytes"), "{err}");
}
