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

/// Many phones file and change hazards at once while another one syncs: whatever commits
/// late, the reader sees every change once, numbers only ever growing, and ends with every
/// hazard in its final state.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_sees_every_change_of_many_concurrent_writers_exactly_once() {
    use futures_util::future::join_all;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicBool, Ordering};

    const WRITERS: usize = 16;
    const EACH: usize = 5;
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let deadline = hazard_tests::date_in(&app, 3);
    let done = AtomicBool::new(false);

    let writers = async {
        let finals = join_all((0..WRITERS).map(|w| {
            let (app, token, deadline) = (&app, &token, &deadline);
            async move {
                let mut finals = Vec::new();
                for i in 0..EACH {
                    let street = ["huayanglu", "hongqiao", "tianshanlu"][(w + i) % 3];
                    let h = app.hazard(token, street).await;
                    let id = h["id"].as_str().unwrap().to_owned();
                    let mut version = h["version"].as_i64().unwrap();
                    if (w + i) % 2 == 0 {
                        let assign = json!({"action": "assign", "department_code": "emergency",
                                            "responsible_party": "x", "deadline": deadline});
                        version =
                            app.transition(token, &id, assign).await.expect(200).body["version"].as_i64().unwrap();
                    }
                    finals.push((id, version));
                }
                finals
            }
        }))
        .await;
        done.store(true, Ordering::SeqCst);
        finals.into_iter().flatten().collect::<HashMap<String, i64>>()
    };

    let reader = async {
        let mut seen: Vec<(String, i64, i64)> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            // Every write finished before this request: its answer must hold them all.
            let finished = done.load(Ordering::SeqCst);
            let path = match &cursor {
                Some(c) => format!("/v1/sync/hazards?limit=7&cursor={c}"),
                None => "/v1/sync/hazards?limit=7".to_owned(),
            };
            let page = app.get(&path, &token).await.expect(200).body;
            let items = page["items"].as_array().unwrap();
            for i in items {
                let version = i["hazard"]["version"].as_i64().unwrap();
                seen.push((i["id"].as_str().unwrap().to_owned(), i["change_seq"].as_i64().unwrap(), version));
            }
            cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
            if finished && items.is_empty() && page["has_more"] == false {
                return seen;
            }
            if items.is_empty() {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }
    };

    let (finals, seen) = futures_util::future::join(writers, reader).await;
    assert_eq!(finals.len(), WRITERS * EACH);
    let seqs: Vec<i64> = seen.iter().map(|(_, s, _)| *s).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "each change once, in order: {seqs:?}");
    let mut last: HashMap<&str, i64> = HashMap::new();
    for (id, _, version) in &seen {
        last.insert(id, *version);
    }
    for (id, version) in &finals {
        assert_eq!(last.get(id.as_str()), Some(version), "{id}: the reader missed its last change");
    }
    assert_eq!(last.len(), finals.len(), "only the hazards written");
}
