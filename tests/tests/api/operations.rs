//! Health, readiness, request ids, unknown routes, the docs page and the OpenAPI contract.

use hazard_tests::{spawn_app, spawn_app_with};
use reqwest::Method;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let r = app.call(Method::GET, "/healthz", None, None).await.expect(200);
    assert_eq!(r.body["status"], "ok");
    let r = app.call(Method::GET, "/readyz", None, None).await.expect(200);
    assert_eq!(r.body["status"], "ready");
    assert_eq!(r.body["photos"], "ok", "the photo folder, or the test bucket on PostgreSQL");
}

/// A bucket is shared by every replica: an outage of it must not take them all out of the
/// balancer (the rest of the API works), so readiness reports it without failing on it.
#[tokio::test]
async fn an_unreachable_photo_bucket_is_reported_without_failing_readiness() {
    let app = spawn_app_with(|s| {
        s.blob_url = Some("s3://hazard-ready/photos".into());
        s.s3_endpoint = Some("http://127.0.0.1:9".into()); // nothing listens there
        s.s3_access_key_id = Some("test".into());
        s.s3_secret_access_key = Some("test".into());
    })
    .await;
    let r = app.call(Method::GET, "/readyz", None, None).await.expect(200);
    assert_eq!(r.body["status"], "ready");
    assert_eq!(r.body["photos"], "unreachable");
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let app = spawn_app().await;
    let r = app.call_with(Method::GET, "/healthz", None, None, &[("X-Request-Id", "phone-abc-123")]).await;
    assert_eq!(r.header("x-request-id").as_deref(), Some("phone-abc-123"));
    let r = app.call_with(Method::GET, "/healthz", None, None, &[("X-Request-Id", "bad id with spaces")]).await;
    let made = r.header("x-request-id").expect("made one");
    assert!(uuid::Uuid::parse_str(&made).is_ok(), "{made}");
}

#[tokio::test]
async fn unknown_routes_are_problems() {
    let app = spawn_app().await;
    let r = app.call(Method::GET, "/v1/nothing-here", None, None).await;
    r.problem(404, "not_found");
}

#[tokio::test]
async fn docs_page_is_served_without_internet() {
    let app = spawn_app().await;
    let r = app.call(Method::GET, "/docs/", None, None).await.expect(200);
    assert!(r.text.contains("swagger"), "{}", &r.text[..r.text.len().min(300)]);
    let r = app.call(Method::GET, "/docs/swagger-ui-bundle.js", None, None).await.expect(200);
    assert!(r.text.len() > 100_000, "the bundle is embedded");
}

#[tokio::test]
async fn served_openapi_matches_the_committed_file() {
    let app = spawn_app().await;
    let served = app.call(Method::GET, "/openapi.json", None, None).await.expect(200).body;
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../../openapi/openapi.json")).expect("openapi/openapi.json is JSON");
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: run `cargo run -p hazard-api -- openapi > openapi/openapi.json`"
    );
    assert_eq!(served["openapi"], "3.1.0");
    for path in ["/v1/auth/login", "/v1/hazards", "/v1/hazards/{id}/transitions", "/v1/users/{id}", "/readyz"] {
        assert!(served["paths"][path].is_object(), "{path} documented");
    }
    assert!(served["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = spawn_app().await;
    let token = app.admin().await;
    let res = app
        .client
        .get(format!("{}/v1/criteria", app.address))
        .bearer_auth(&token)
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
}

#[tokio::test]
async fn an_unknown_database_scheme_stops_start_up_clearly() {
    let app = spawn_app().await;
    let mut settings = app.state.settings.as_ref().clone();
    settings.database_url = "mysql://root@localhost/hazard".into();
    let clock = std::sync::Arc::new(hazard_infra::clock::SystemClock);
    let err = hazard_api::Application::build(settings, clock).await.err().expect("start-up fails");
    let message = err.to_string();
    assert!(message.contains("unsupported database URL") && message.contains("mysql"), "{message}");
}

#[tokio::test]
async fn a_generated_jwt_secret_survives_a_restart() {
    let app = hazard_tests::spawn_app_with(|s| s.jwt_secret = None).await;
    let token = app.admin().await;
    // A second server on the same database (a restart, or another replica).
    let mut settings = app.state.settings.as_ref().clone();
    settings.bind = "127.0.0.1:0".into();
    let clock = std::sync::Arc::new(hazard_infra::clock::SystemClock);
    let second = hazard_api::Application::build(settings, clock).await.expect("second server");
    let address = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let res = app.client.get(format!("{address}/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200, "the token signed by the first server is valid on the second");
}
