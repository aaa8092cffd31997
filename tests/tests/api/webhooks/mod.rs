//! Webhooks: signed deliveries of a hazard's whole lifecycle, in order, surviving a
//! receiver outage; redelivery; SSRF refusals, also from a name that rebinds.

mod fan_out;
mod ssrf;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use hazard_tests::{spawn_app, spawn_app_with, TestApp};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "receiver-shared-secret-123";

/// What the receiver saw: event type, delivery id, signature, body.
type Seen = (String, String, String, Vec<u8>);

#[derive(Clone, Default)]
struct Receiver {
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Arc<AtomicU16>,
}

async fn receive(req: HttpRequest, body: web::Bytes, rx: web::Data<Receiver>) -> HttpResponse {
    let h = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let status = rx.answer.load(Ordering::SeqCst);
    if status == 200 {
        rx.seen.lock().unwrap().push((
            h("x-hazard-event"),
            h("x-hazard-delivery"),
            h("x-hazard-signature"),
            body.to_vec(),
        ));
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}

async fn start_receiver() -> (String, Receiver) {
    let rx = Receiver::default();
    rx.answer.store(200, Ordering::SeqCst);
    let data = web::Data::new(rx.clone());
    let server = HttpServer::new(move || App::new().app_data(data.clone()).route("/hook", web::post().to(receive)))
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    (format!("http://127.0.0.1:{port}/hook"), rx)
}

fn verify(signature: &str, body: &[u8]) -> bool {
    let Some((t, v1)) = signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&hex::decode(v1).unwrap_or_default()).is_ok()
}

async fn key(app: &TestApp, scopes: &[&str]) -> String {
    let admin = app.admin().await;
    let r = app
        .post("/v1/clients", &admin, &json!({"name": "城运中心", "scopes": scopes, "rate_limit_per_minute": 1000}))
        .await;
    r.expect(201).body["api_key"].as_str().unwrap().to_owned()
}

async fn as_client(app: &TestApp, key: &str, method: Method, path: &str, body: Option<&Value>) -> hazard_tests::Reply {
    app.call_with(method, path, None, body, &[("X-Api-Key", key)]).await
}

async fn work(app: &TestApp) -> hazard_api::webhooks::worker::WorkerReport {
    hazard_api::webhooks::worker::run_once(&app.state).await.unwrap()
}

#[tokio::test]
async fn a_hazard_lifecycle_arrives_signed_in_order_even_after_an_outage() {
    let app = spawn_app_with(|s| {
        s.webhook_allow_http = true;
        s.webhook_allow_private = true;
    })
    .await;
    let (url, rx) = start_receiver().await;
    let key = key(&app, &["webhooks:manage", "cases:read"]).await;
    let events = ["hazard.created", "hazard.status_changed", "hazard.updated", "supervision.listed"];
    let hook = as_client(
        &app,
        &key,
        Method::POST,
        "/v1/webhooks",
        Some(&json!({"url": url, "event_types": events, "secret": SECRET})),
    )
    .await;
    let hook_id = hook.expect(201).body["id"].as_str().unwrap().to_owned();
    let (inspector, _) = app.account("inspector", None).await;
    let (reviewer, _) = app.account("inspector", None).await;
    let h = app.hazard(&inspector, "huayanglu").await;
    let hid = h["id"].as_str().unwrap().to_owned();
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "王五",
                        "deadline": hazard_tests::date_in(&app, 5)});
    app.transition(&inspector, &hid, assign).await.expect(200);
    // The receiver is down for a while.
    rx.answer.store(503, Ordering::SeqCst);
    let r = work(&app).await;
    assert!(r.retried >= 1 && r.delivered == 0, "{r:?}");
    app.evidence(&inspector, &hid).await;
    app.transition(&inspector, &hid, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    app.transition(&reviewer, &hid, json!({"action": "approve"})).await.expect(200);
    work(&app).await;
    let deliveries =
        as_client(&app, &key, Method::GET, &format!("/v1/webhooks/{hook_id}/deliveries"), None).await.expect(200);
    assert!(deliveries
        .body
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["last_status_code"] == 503 && d["status"] == "pending"));
    // It comes back; retries are due after the backoff.
    rx.answer.store(200, Ordering::SeqCst);
    for _ in 0..8 {
        app.clock.advance(chrono::Duration::minutes(5));
        work(&app).await;
    }
    let seen = rx.seen.lock().unwrap().clone();
    let kinds: Vec<_> = seen.iter().map(|(k, _, _, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["hazard.created", "hazard.status_changed", "hazard.updated", "hazard.status_changed", "hazard.status_changed"],
        "every event once, in order (created, assigned, photo, submitted, approved)"
    );
    let statuses: Vec<Value> = seen
        .iter()
        .map(|(_, _, _, b)| serde_json::from_slice::<Value>(b).unwrap()["hazard"]["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        ["reported", "rectifying", "rectifying", "pending_review", "closed"],
        "each body shows the hazard as it was when its event happened, not when it was sent"
    );
    for (kind, delivery, signature, body) in &seen {
        assert!(verify(signature, body), "signature of {kind}");
        assert!(uuid::Uuid::parse_str(delivery).is_ok());
        let v: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(v["type"], kind.as_str());
        assert_eq!(v["hazard"]["id"], hid.as_str());
        assert!(v["id"].is_string() && v["time"].is_string());
        assert!(v["hazard"].get("reported_by").is_none() && v["hazard"].get("responsible_party").is_none(), "redacted");
        assert!(!String::from_utf8_lossy(body).contains("王五"));
    }
    let last: Value = serde_json::from_slice(&seen.last().unwrap().3).unwrap();
    assert_eq!(last["data"]["to_status"], "closed");
    // Redelivery sends the same event again with the same delivery id.
    let deliveries =
        as_client(&app, &key, Method::GET, &format!("/v1/webhooks/{hook_id}/deliveries"), None).await.expect(200);
    let all = deliveries.body.as_array().unwrap();
    assert!(all.iter().all(|d| d["status"] == "delivered"), "{all:?}");
    let first = all.last().unwrap()["id"].as_str().unwrap().to_owned();
    as_client(&app, &key, Method::POST, &format!("/v1/webhooks/{hook_id}/deliveries/{first}/redeliver"), None)
        .await
        .expect(202);
    work(&app).await;
    let seen = rx.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[5].1, first);
    // Disabled: nothing more.
    as_client(&app, &key, Method::PATCH, &format!("/v1/webhooks/{hook_id}"), Some(&json!({"active": false})))
        .await
        .expect(200);
    app.hazard(&inspector, "huayanglu").await;
    work(&app).await;
    assert_eq!(rx.seen.lock().unwrap().len(), 6);
}
