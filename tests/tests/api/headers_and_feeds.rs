//! Security headers on every kind of response, and the Open311 feed's bad-input edges.

use hazard_tests::{general_hazard, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let token = app.admin().await;
    let anonymous = app.call(Method::GET, "/healthz", None, None).await;
    let missing = app.call(Method::GET, "/no/such/page", None, None).await;
    let me = app.get("/v1/me", &token).await.expect(200);
    let docs = app.call(Method::GET, "/docs/", None, None).await;
    for (what, r) in [("healthz", &anonymous), ("404", &missing), ("me", &me), ("docs", &docs)] {
        assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"), "{what}");
        assert_eq!(r.header("referrer-policy").as_deref(), Some("no-referrer"), "{what}");
        assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"), "{what}");
        assert!(r.header("content-security-policy").unwrap().contains("frame-ancestors 'none'"), "{what}");
        assert!(r.header("strict-transport-security").is_none(), "{what}: no HSTS unless served over TLS");
    }
    assert_eq!(me.header("cache-control").as_deref(), Some("no-store"), "authenticated answers are not cached");
    assert!(anonymous.header("cache-control").is_none());
    assert!(docs.header("content-security-policy").unwrap().contains("script-src 'self'"));
    assert!(me.header("content-security-policy").unwrap().starts_with("default-src 'none'"));
    let tls = spawn_app_with(|s| s.limits.served_over_tls = true).await;
    let r = tls.call(Method::GET, "/healthz", None, None).await;
    assert!(r.header("strict-transport-security").unwrap().contains("max-age="));
}

async fn key(app: &hazard_tests::TestApp) -> String {
    let admin = app.admin().await;
    let body = json!({"name": "civic app", "scopes": ["cases:read"], "rate_limit_per_minute": 1000});
    app.post("/v1/clients", &admin, &body).await.expect(201).body["api_key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn control_characters_cannot_break_the_xml_feed() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let mut h = general_hazard("huayanglu");
    h["description"] = json!("通道堵塞\u{1}\u{8}\u{1b}[31m 仍未清理");
    // Control characters are refused at the door, naming the field, so none reaches the feed.
    let refused = app.post("/v1/hazards", &inspector, &h).await;
    assert_eq!(refused.problem(422, "validation_failed"), ["description"]);
    h["description"] = json!("通道堵塞 仍未清理 <&>");
    app.post("/v1/hazards", &inspector, &h).await.expect(201);
    let key = key(&app).await;
    let r = app.call(Method::GET, &format!("/open311/v2/requests.xml?api_key={key}"), None, None).await.expect(200);
    assert!(r.text.contains("通道堵塞"), "{}", r.text);
    let forbidden = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    assert!(!r.text.chars().any(forbidden), "the XML holds a control character: {:?}", r.text);
}

#[tokio::test]
async fn a_huge_open311_page_is_a_400() {
    let app = spawn_app().await;
    let key = key(&app).await;
    for page in ["9223372036854775807", "9300000000000000"] {
        let r =
            app.call(Method::GET, &format!("/open311/v2/requests.json?api_key={key}&page={page}"), None, None).await;
        assert_eq!(r.status.as_u16(), 400, "page {page}: {}", r.text);
    }
}
