//! Health, readiness, request ids, unknown routes, the docs page and the OpenAPI contract.

use hazard_tests::spawn_app;
use reqwest::Method;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let r = app.call(Method::GET, "/healthz", None, None).await.expect(200);
    assert_eq!(r.body["status"], "ok");
    let r = app.call(Method::GET, "/readyz", None, None).await.expect(200);
    assert_eq!(r.body["status"], "ready");
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
