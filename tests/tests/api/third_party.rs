//! Third-party clients: keys, scopes, street restriction, rotation, revocation, rate
//! limits, and a redacted view that never carries personal data.

use hazard_tests::{general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn client(app: &TestApp, scopes: &[&str], street: Option<&str>, per_minute: i32) -> (String, String) {
    let admin = app.admin().await;
    let body =
        json!({"name": "一网统管平台", "scopes": scopes, "street_code": street, "rate_limit_per_minute": per_minute});
    let r = app.post("/v1/clients", &admin, &body).await.expect(201);
    assert!(r.body["api_key"].as_str().unwrap().starts_with("hzk_"));
    (r.body["id"].as_str().unwrap().to_owned(), r.body["api_key"].as_str().unwrap().to_owned())
}

async fn with_key(app: &TestApp, key: &str, path: &str) -> hazard_tests::Reply {
    app.call_with(Method::GET, path, None, None, &[("X-Api-Key", key)]).await
}

/// Keys that name a person, an account or an internal note.
const PERSONAL: [&str; 16] = [
    "reported_by",
    "responsible_party",
    "actor_id",
    "actor_name",
    "display_name",
    "username",
    "phone",
    "contact_name",
    "contact_phone",
    "note",
    "rectification_plan",
    "enterprise_name",
    "uploaded_by",
    "last_submitted_by",
    "inspectors",
    "listed_by",
];

fn walk(v: &Value, path: &str, found: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if PERSONAL.contains(&k.as_str()) {
                    found.push(format!("{path}.{k}"));
                }
                walk(child, &format!("{path}.{k}"), found);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, c)| walk(c, &format!("{path}[{i}]"), found)),
        _ => {}
    }
}

#[tokio::test]
async fn clients_get_a_redacted_view_without_any_personal_field() {
    let app = spawn_app().await;
    let (inspector, inspector_id) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    let h = app.hazard(&inspector, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "张三（手机13800000000）",
                        "deadline": hazard_tests::date_in(&app, 5), "rectification_plan": hazard_tests::complete_plan()});
    app.transition(&inspector, hid, assign).await.expect(200);
    let listing = json!({"level": "street", "department_code": "emergency", "document_number": "督1", "deadline": hazard_tests::date_in(&app, 5), "reason": "x"});
    let mut major = general_hazard("huayanglu");
    major["grade"] = json!("major");
    major["criterion_code"] = app.get("/v1/criteria?sector=fire", &inspector).await.body[0]["code"].clone();
    let m = app.post("/v1/hazards", &inspector, &major).await.expect(201).body;
    app.post(&format!("/v1/hazards/{}/supervision", m["id"].as_str().unwrap()), &sup, &listing).await.expect(201);
    let (_, key) = client(&app, &["cases:read", "stats:read"], None, 1000).await;
    let today = hazard_tests::date_in(&app, 0);
    let mut responses = Vec::new();
    for path in [
        "/v1/hazards".to_owned(),
        "/v1/hazards?open=true".to_owned(),
        format!("/v1/hazards/{hid}"),
        "/v1/sync/hazards".to_owned(),
        format!("/v1/stats/kpis?from=2020-01-01&to={today}"),
        format!("/v1/stats/kpis?from=2020-01-01&to={today}&group_by=street"),
        "/v1/stats/monthly?year=2025".to_owned(),
    ] {
        let r = with_key(&app, &key, &path).await.expect(200);
        assert!(
            r.header("ratelimit-limit").is_some()
                && r.header("ratelimit-remaining").is_some()
                && r.header("ratelimit-reset").is_some()
        );
        responses.push((path, r));
    }
    for (path, r) in &responses {
        let mut found = Vec::new();
        walk(&r.body, "", &mut found);
        assert!(found.is_empty(), "{path} exposes {found:?}");
        assert!(!r.text.contains(&inspector_id), "{path} exposes an account id");
        assert!(!r.text.contains("13800000000") && !r.text.contains("张三"), "{path} exposes the responsible person");
    }
    let one = &responses[2].1.body;
    assert_eq!(one["code"], h["code"]);
    assert_eq!(one["status"], "rectifying");
    assert_eq!(one["deadline"], hazard_tests::date_in(&app, 5));
    let listed = responses[0].1.body["items"].as_array().unwrap().iter().find(|i| i["id"] == m["id"]).unwrap().clone();
    assert_eq!(listed["supervision_level"], "street");
    // Nothing else is reachable with a key: timelines, photos, users, tips.
    for path in [
        format!("/v1/hazards/{hid}/events"),
        format!("/v1/hazards/{hid}/photos"),
        "/v1/users".into(),
        "/v1/tips".into(),
        "/v1/me".into(),
    ] {
        with_key(&app, &key, &path).await.problem(401, "unauthorized");
    }
}

#[tokio::test]
async fn scopes_and_streets_limit_what_a_client_reaches() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let here = app.hazard(&inspector, "huayanglu").await;
    let there = app.hazard(&inspector, "hongqiao").await;
    let (_, stats_only) = client(&app, &["stats:read"], None, 1000).await;
    with_key(&app, &stats_only, "/v1/hazards").await.problem(403, "forbidden");
    with_key(&app, &stats_only, "/v1/sync/hazards").await.problem(403, "forbidden");
    let (_, street) = client(&app, &["cases:read", "stats:read"], Some("huayanglu"), 1000).await;
    let list = with_key(&app, &street, "/v1/hazards").await.expect(200).body;
    let ids: Vec<_> = list["items"].as_array().unwrap().iter().map(|h| h["id"].clone()).collect();
    assert_eq!(ids, vec![here["id"].clone()]);
    with_key(&app, &street, &format!("/v1/hazards/{}", there["id"].as_str().unwrap())).await.problem(404, "not_found");
    let sync = with_key(&app, &street, "/v1/sync/hazards").await.expect(200).body;
    assert_eq!(sync["items"].as_array().unwrap().len(), 1);
    let today = hazard_tests::date_in(&app, 0);
    with_key(&app, &street, &format!("/v1/stats/kpis?from=2020-01-01&to={today}&street=hongqiao"))
        .await
        .problem(403, "forbidden");
    let own = with_key(&app, &street, &format!("/v1/stats/kpis?from=2020-01-01&to={today}")).await.expect(200).body;
    assert_eq!(own["street"], "huayanglu");
    assert_eq!(own["found"]["total"], 1);
    with_key(&app, "hzk_not-a-real-key-at-all", "/v1/hazards").await.problem(401, "unauthorized");
}

#[tokio::test]
async fn rotation_has_a_grace_period_and_revocation_is_immediate() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, old) = client(&app, &["cases:read"], None, 1000).await;
    let rotated = app.post(&format!("/v1/clients/{id}/rotate"), &admin, &json!({})).await.expect(200).body;
    let new = rotated["api_key"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    with_key(&app, &new, "/v1/hazards").await.expect(200);
    with_key(&app, &old, "/v1/hazards").await.expect(200);
    app.clock.advance(chrono::Duration::hours(25));
    with_key(&app, &old, "/v1/hazards").await.problem(401, "unauthorized");
    with_key(&app, &new, "/v1/hazards").await.expect(200);
    let r = app
        .call(Method::PATCH, &format!("/v1/clients/{id}"), Some(&admin), Some(&json!({"active": false})))
        .await
        .expect(200);
    assert_eq!(r.body["active"], false);
    with_key(&app, &new, "/v1/hazards").await.problem(401, "unauthorized");
    let listed = app.get("/v1/clients", &admin).await.expect(200);
    assert!(!listed.text.contains(&new) && !listed.text.contains(&old), "keys are never shown again");
    let (inspector, _) = app.account("inspector", None).await;
    app.post("/v1/clients", &inspector, &json!({"name": "x", "scopes": ["cases:read"]}))
        .await
        .problem(403, "forbidden");
    let bad = app.post("/v1/clients", &admin, &json!({"name": "x", "scopes": ["cases:write"]})).await;
    assert_eq!(bad.problem(422, "validation_failed"), ["scopes"]);
}

#[tokio::test]
async fn the_rate_limit_runs_out_then_recovers() {
    let app = spawn_app().await;
    let (_, key) = client(&app, &["cases:read"], None, 3).await;
    for remaining in ["2", "1", "0"] {
        let r = with_key(&app, &key, "/v1/hazards").await.expect(200);
        assert_eq!(r.header("ratelimit-limit").as_deref(), Some("3"));
        assert_eq!(r.header("ratelimit-remaining").as_deref(), Some(remaining));
    }
    let limited = with_key(&app, &key, "/v1/hazards").await;
    limited.problem(429, "rate_limited");
    assert_eq!(limited.header("retry-after").as_deref(), Some("20"));
    app.clock.advance(chrono::Duration::seconds(21));
    with_key(&app, &key, "/v1/hazards").await.expect(200);
}
