//! Offline sync: a server-side change sequence, scope, removals, volume.

use hazard_tests::{general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashSet;

async fn sync_all(app: &TestApp, token: &str, cursor: Option<String>, limit: usize) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut cursor = cursor;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/sync/hazards?limit={limit}&cursor={c}"),
            None => format!("/v1/sync/hazards?limit={limit}"),
        };
        let page = app.get(&path, token).await.expect(200).body;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
        if page["has_more"] == false {
            return (items, cursor.unwrap());
        }
    }
}

#[tokio::test]
async fn sync_returns_each_change_once_and_then_nothing() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let a = app.hazard(&token, "huayanglu").await;
    let b = app.hazard(&token, "hongqiao").await;
    let (items, cursor) = sync_all(&app, &token, None, 1).await;
    let ids: Vec<_> = items.iter().map(|i| i["id"].clone()).collect();
    assert_eq!(ids, [a["id"].clone(), b["id"].clone()], "oldest change first");
    assert!(items.iter().all(|i| i["removed"] == false && i["hazard"]["code"].is_string()));
    let (again, same) = sync_all(&app, &token, Some(cursor.clone()), 50).await;
    assert!(again.is_empty());
    assert_eq!(same, cursor);
    // A transition and a photo are changes; the hazard comes once, in its latest state.
    let aid = a["id"].as_str().unwrap();
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "x",
                        "deadline": hazard_tests::date_in(&app, 3)});
    app.transition(&token, aid, assign).await.expect(200);
    app.evidence(&token, aid).await;
    let (changed, _) = sync_all(&app, &token, Some(cursor), 50).await;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["hazard"]["status"], "rectifying");
    assert_eq!(changed[0]["hazard"]["version"], 3);
}

#[tokio::test]
async fn sync_respects_scope_and_reports_removals() {
    let app = spawn_app().await;
    let e1 = app.enterprise("tianshanlu").await;
    let e2 = app.enterprise("tianshanlu").await;
    let (sup, _) = app.account("supervisor", None).await;
    let (street, _) = app.account("inspector", Some("tianshanlu")).await;
    let (ent, _) = app.account_for("enterprise", None, Some(&e1)).await;
    let mut h = general_hazard("tianshanlu");
    h["enterprise_id"] = json!(e1);
    let mine = app.post("/v1/hazards", &sup, &h).await.expect(201);
    app.hazard(&sup, "hongqiao").await;
    let (street_items, _) = sync_all(&app, &street, None, 50).await;
    assert_eq!(street_items.len(), 1, "only its street");
    let (ent_items, cursor) = sync_all(&app, &ent, None, 50).await;
    assert_eq!(ent_items.len(), 1);
    // The hazard is moved to another enterprise: it leaves this account's scope.
    let hid = mine.body["id"].as_str().unwrap();
    let etag = mine.header("etag").unwrap();
    app.call_with(
        Method::PATCH,
        &format!("/v1/hazards/{hid}"),
        Some(&sup),
        Some(&json!({"enterprise_id": e2})),
        &[("If-Match", &etag)],
    )
    .await
    .expect(200);
    let (gone, _) = sync_all(&app, &ent, Some(cursor), 50).await;
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["removed"], true);
    assert_eq!(gone[0]["hazard"], Value::Null);
    app.get("/v1/sync/hazards?cursor=bogus", &sup).await.problem(400, "validation_failed");
    app.get("/v1/sync/hazards?limit=501", &sup).await.problem(400, "validation_failed");
}

#[tokio::test]
async fn a_first_sync_of_ten_thousand_hazards_works_page_by_page() {
    let app = spawn_app().await;
    app.demo_hazards(10_000).await;
    let (sup, _) = app.account("supervisor", None).await;
    let (items, _) = sync_all(&app, &sup, None, 500).await;
    assert_eq!(items.len(), 10_000);
    let distinct: HashSet<_> = items.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(distinct.len(), 10_000);
    let seqs: Vec<i64> = items.iter().map(|i| i["change_seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "oldest change first");
}
