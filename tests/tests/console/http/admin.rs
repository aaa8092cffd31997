//! Administration: accounts, API clients and their keys, webhooks and redelivery, and
//! who gets no figures.

use hazard_tests::{spawn_app, PASSWORD};
use serde_json::json;

use crate::helpers::{user, Browser};

#[tokio::test]
async fn administrators_manage_accounts_and_clients_and_see_a_key_once() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    b.sign_in("admin", hazard_tests::ADMIN_PASSWORD).await;
    let page = b.get("/console/admin").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    let short = b
        .post(
            "/console/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "li.wg"),
                ("password", "short"),
                ("display_name", "李网格"),
                ("role", "inspector"),
                ("street_code", "jiangsulu"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(
        short.body.contains("value=\"li.wg\"") && !short.body.contains("value=\"short\""),
        "keeps the username, never the password"
    );
    let made = b
        .post(
            "/console/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "li.wg"),
                ("password", "a-long-password"),
                ("display_name", "李网格"),
                ("role", "inspector"),
                ("street_code", "jiangsulu"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    app.login("li.wg", "a-long-password").await;
    let client = b
        .post(
            "/console/admin/clients",
            &[
                ("csrf", &csrf),
                ("name", "一网统管平台"),
                ("scopes", "cases:read"),
                ("scopes", "stats:read"),
                ("rate_limit_per_minute", "120"),
            ],
        )
        .await;
    assert_eq!(client.status, 200, "{}", client.body);
    let key = crate::helpers::html_unescape(
        client.body.split("<code id=\"api-key\">").nth(1).unwrap().split('<').next().unwrap(),
    );
    assert!(key.starts_with("hzk_"));
    let read = app.client.get(format!("{}/v1/hazards", app.address)).header("X-Api-Key", &key).send().await.unwrap();
    assert_eq!(read.status(), 200);
    assert!(!b.get("/console/admin").await.body.contains(&key), "the key is shown once");
    let no_scope = b.post("/console/admin/clients", &[("csrf", &csrf), ("name", "x")]).await;
    assert_eq!(no_scope.status, 422);
    assert!(no_scope.body.contains("scopes"));
}

#[tokio::test]
async fn enterprise_and_outside_accounts_get_no_figures() {
    let app = spawn_app().await;
    let (name, _) = user(&app, "supervisor", Some("huayanglu")).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let csv = b.get("/console/stats.csv?from=2025-01-01&to=2025-12-31").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("华阳路") || csv.body.contains("huayanglu"));
    assert!(!csv.body.contains("tianshanlu"), "another street's row");
}

#[tokio::test]
async fn administrators_see_every_clients_webhook_deliveries_and_redeliver_one() {
    let app = hazard_tests::spawn_app_with(|s| {
        s.webhook_allow_http = true;
        s.webhook_allow_private = true;
    })
    .await;
    let admin = app.admin().await;
    let key = app
        .post(
            "/v1/clients",
            &admin,
            &json!({"name": "城运中心", "scopes": ["webhooks:manage"], "rate_limit_per_minute": 1000}),
        )
        .await
        .expect(201)
        .body["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    // A receiver that is not there: the delivery fails and waits for its retry.
    let hook =
        json!({"url": "http://127.0.0.1:9/hook", "event_types": ["hazard.created"], "secret": "a-long-shared-secret"});
    let made = app
        .call_with(reqwest::Method::POST, "/v1/webhooks", None, Some(&hook), &[("X-Api-Key", &key)])
        .await
        .expect(201);
    let hook_id = made.body["id"].as_str().unwrap().to_owned();
    let (_, inspector) = user(&app, "inspector", None).await;
    app.hazard(&inspector, "huayanglu").await;
    hazard_api::webhooks::worker::run_once(&app.state).await.unwrap();
    let path = format!("/v1/webhooks/{hook_id}/deliveries");
    let deliveries =
        app.call_with(reqwest::Method::GET, &path, None, None, &[("X-Api-Key", &key)]).await.expect(200).body;
    let delivery = deliveries[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(deliveries[0]["attempts"], 1);

    let mut b = Browser::new(&app);
    b.sign_in("admin", hazard_tests::ADMIN_PASSWORD).await;
    let page = b.get("/console/admin/webhooks").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("http://127.0.0.1:9/hook")
            && page.body.contains("hazard.created")
            && page.body.contains(&delivery)
    );
    let csrf = page.csrf();
    let again =
        b.post(&format!("/console/admin/webhooks/{hook_id}/deliveries/{delivery}/redeliver"), &[("csrf", &csrf)]).await;
    assert_eq!(again.status, 303, "{}", again.body);
    // It is due now: the worker tries it again at once.
    hazard_api::webhooks::worker::run_once(&app.state).await.unwrap();
    let deliveries =
        app.call_with(reqwest::Method::GET, &path, None, None, &[("X-Api-Key", &key)]).await.expect(200).body;
    assert_eq!(deliveries[0]["attempts"], 2);
    let unknown =
        b.post(&format!("/console/admin/webhooks/{hook_id}/deliveries/{hook_id}/redeliver"), &[("csrf", &csrf)]).await;
    assert_eq!(unknown.status, 404);
    // Supervisors do not manage clients.
    let (name, _) = user(&app, "supervisor", None).await;
    let mut s = Browser::new(&app);
    s.sign_in(&name, PASSWORD).await;
    assert_eq!(s.get("/console/admin/webhooks").await.status, 403);
}
