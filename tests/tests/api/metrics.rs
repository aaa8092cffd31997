//! `GET /metrics`: Prometheus text behind a bearer token, labelled by route template and
//! status class, with no raw ids in it.

use hazard_tests::{spawn_app, spawn_app_with, TestApp, METRICS_TOKEN};
use reqwest::Method;

async fn scrape(app: &TestApp, token: Option<&str>) -> hazard_tests::Reply {
    app.call(Method::GET, "/metrics", token, None).await
}

#[tokio::test]
async fn metrics_need_the_token_and_are_off_without_one() {
    let app = spawn_app().await;
    scrape(&app, None).await.problem(401, "unauthorized");
    scrape(&app, Some("not-the-token")).await.problem(401, "unauthorized");
    let off = spawn_app_with(|s| s.metrics_token = None).await;
    scrape(&off, Some(METRICS_TOKEN)).await.problem(404, "not_found");
}

#[tokio::test]
async fn requests_are_counted_per_route_template_without_raw_ids() {
    let app = spawn_app_with(|s| s.job_interval_secs = 1).await;
    let (token, _) = app.account("inspector", None).await;
    let hazard = app.hazard(&token, "huayanglu").await;
    let id = hazard["id"].as_str().unwrap();
    for _ in 0..3 {
        app.get(&format!("/v1/hazards/{id}"), &token).await.expect(200);
    }
    app.get("/v1/hazards/00000000-0000-0000-0000-000000000000", &token).await.expect(404);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let r = scrape(&app, Some(METRICS_TOKEN)).await.expect(200);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"), "{:?}", r.header("content-type"));
    let text = &r.text;
    let line = |prefix: &str| text.lines().find(|l| l.starts_with(prefix)).map(str::to_owned);
    assert_eq!(
        line(r#"hazard_http_requests_total{method="GET",route="/v1/hazards/{id}",status="2xx"}"#).as_deref(),
        Some(r#"hazard_http_requests_total{method="GET",route="/v1/hazards/{id}",status="2xx"} 3"#),
        "{text}"
    );
    assert!(line(r#"hazard_http_requests_total{method="GET",route="/v1/hazards/{id}",status="4xx"} 1"#).is_some());
    assert!(line(r#"hazard_http_request_duration_seconds_bucket{method="GET",route="/v1/hazards/{id}",status="2xx",le="+Inf"} 3"#).is_some(), "{text}");
    assert!(
        line(r#"hazard_http_requests_total{method="POST",route="/v1/hazards",status="2xx"} 1"#).is_some(),
        "{text}"
    );
    for gauge in [
        r#"hazard_db_pool_connections{state="idle"}"#,
        r#"hazard_db_pool_connections{state="in_use"}"#,
        "hazard_db_pool_waiting 0",
        "hazard_webhook_outbox_pending",
        r#"hazard_webhook_deliveries{status="pending"} 0"#,
        r#"hazard_overdue{kind="hazard"} 0"#,
        r#"hazard_overdue{kind="supervision"} 0"#,
        r#"hazard_job_runs_total{job="deadlines"}"#,
    ] {
        assert!(line(gauge).is_some(), "{gauge} missing:\n{text}");
    }
    assert!(!text.contains(id), "no raw ids in labels");
    assert!(!text.contains("00000000-0000"), "no raw ids in labels");
}

#[tokio::test]
async fn overdue_hazards_show_in_the_gauge() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let hazard = app.hazard(&token, "huayanglu").await;
    let id = hazard["id"].as_str().unwrap();
    let deadline = hazard_tests::date_in(&app, 1);
    let assign = serde_json::json!({"action": "assign", "department_code": "fire_rescue",
        "responsible_party": "某公司", "deadline": deadline});
    app.transition(&token, id, assign).await.expect(200);
    app.clock.advance(chrono::Duration::days(3));
    let text = scrape(&app, Some(METRICS_TOKEN)).await.expect(200).text;
    assert!(text.lines().any(|l| l == r#"hazard_overdue{kind="hazard"} 1"#), "{text}");
}
