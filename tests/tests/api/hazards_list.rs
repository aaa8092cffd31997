//! Listing: filters, jurisdiction and keyset pagination.

use hazard_tests::{general_hazard, spawn_app};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn pages_cover_everything_once_even_while_filing_continues() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let mut filed = HashSet::new();
    for _ in 0..7 {
        filed.insert(app.hazard(&token, "jiangsulu").await["id"].as_str().unwrap().to_owned());
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path =
            cursor.as_ref().map_or("/v1/hazards?limit=3".to_owned(), |c| format!("/v1/hazards?limit=3&cursor={c}"));
        let page = app.get(&path, &token).await.expect(200).body;
        pages += 1;
        seen.extend(page["items"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()));
        if pages == 1 {
            // A hazard filed mid-way appears on no later page (it is newer than the cursor).
            app.hazard(&token, "jiangsulu").await;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 7, "no duplicates");
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), filed, "no gaps");
}

#[tokio::test]
async fn filters_combine() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let (supervisor, _) = app.account("supervisor", None).await;
    let a = app.hazard(&inspector, "jiangsulu").await;
    let mut gas = general_hazard("hongqiao");
    gas["sector"] = json!("gas");
    gas["title"] = json!("燃气软管老化");
    let b = app.post("/v1/hazards", &inspector, &gas).await.expect(201).body;
    let c = app.hazard(&inspector, "hongqiao").await;
    let deadline = hazard_tests::date_in(&app, 5);
    let assign =
        json!({"action": "assign", "department_code": "emergency", "responsible_party": "x", "deadline": deadline});
    app.transition(&inspector, b["id"].as_str().unwrap(), assign).await.expect(200);
    app.transition(&supervisor, c["id"].as_str().unwrap(), json!({"action": "invalidate", "reason": "重复"}))
        .await
        .expect(200);
    let ids = |v: serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
    };
    let id = |h: &serde_json::Value| h["id"].as_str().unwrap().to_owned();
    assert_eq!(ids(app.get("/v1/hazards?street=hongqiao", &inspector).await.body), [id(&c), id(&b)]);
    assert_eq!(ids(app.get("/v1/hazards?sector=gas", &inspector).await.body), [id(&b)]);
    assert_eq!(ids(app.get("/v1/hazards?status=invalid", &inspector).await.body), [id(&c)]);
    assert_eq!(ids(app.get("/v1/hazards?open=true", &inspector).await.body), [id(&b), id(&a)]);
    assert_eq!(ids(app.get("/v1/hazards?open=false", &inspector).await.body), [id(&c)]);
    assert_eq!(ids(app.get("/v1/hazards?open=true&status=invalid", &inspector).await.body), Vec::<String>::new());
    assert_eq!(ids(app.get("/v1/hazards?department=emergency", &inspector).await.body), [id(&b)]);
    assert_eq!(ids(app.get("/v1/hazards?grade=major", &inspector).await.body), Vec::<String>::new());
    let q = urlencode("燃气");
    assert_eq!(ids(app.get(&format!("/v1/hazards?q={q}"), &inspector).await.body), [id(&b)]);
    let code = b["code"].as_str().unwrap();
    assert_eq!(ids(app.get(&format!("/v1/hazards?q={code}"), &inspector).await.body), [id(&b)]);
    assert_eq!(ids(app.get("/v1/hazards?q=%25", &inspector).await.body), Vec::<String>::new(), "wildcards are literal");
    // A street account sees only its street, whatever it asks for.
    let (street, _) = app.account("inspector", Some("jiangsulu")).await;
    assert_eq!(ids(app.get("/v1/hazards", &street).await.body), [id(&a)]);
    assert_eq!(ids(app.get("/v1/hazards?street=hongqiao", &street).await.body), Vec::<String>::new());
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn bad_list_parameters_name_the_parameter() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("status=lost", "status"),
        ("overdue=maybe", "overdue"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=MTIzOmFiYw", "cursor"),
        ("colour=red", "colour"),
    ] {
        let r = app.get(&format!("/v1/hazards?{query}"), &token).await;
        let fields = r.problem(400, "validation_failed");
        assert!(fields.iter().any(|f| f == field), "{query}: {}", r.text);
    }
}

/// The list reads a narrower row than the single hazard (only the columns views send):
/// both must still give the same hazard, field for field, for staff and for API clients.
#[tokio::test]
async fn a_listed_hazard_reads_as_it_does_on_its_own() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let (supervisor, _) = app.account("supervisor", None).await;
    let enterprise = app.enterprise("huayanglu").await;
    let mut body = general_hazard("huayanglu");
    body["enterprise_id"] = json!(enterprise);
    body["observed_at"] = json!("2025-03-01T08:30:00Z");
    let filed = app.post("/v1/hazards", &inspector, &body).await.expect(201).body;
    let id = filed["id"].as_str().unwrap().to_owned();
    let assign = json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "企业安全负责人",
        "deadline": hazard_tests::date_in(&app, 5)});
    app.transition(&supervisor, &id, assign).await.expect(200);

    let alone = app.get(&format!("/v1/hazards/{id}"), &supervisor).await.expect(200).body;
    let page = app.get("/v1/hazards?open=true", &supervisor).await.expect(200).body;
    let listed = page["items"].as_array().unwrap().iter().find(|h| h["id"] == json!(id)).cloned();
    assert_eq!(listed.as_ref(), Some(&alone));
    for field in ["enterprise_id", "observed_at", "department_code", "responsible_party", "deadline"] {
        assert!(!alone[field].is_null(), "{field} is set, so the comparison covers it");
    }
}

/// All of `path`'s pages, `limit` at a time, with `headers` (a token or an API key).
async fn every_page(app: &hazard_tests::TestApp, path: &str, headers: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}&cursor={c}"),
            None => path.to_owned(),
        };
        let page = app.call_with(reqwest::Method::GET, &url, None, None, headers).await.expect(200).body;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

/// The list writes most rows straight from the database's reply and the rows with a
/// listing through the full view: every item of every page, for staff and for API
/// clients, must be the hazard exactly as its own `GET` sends it, in newest-first order,
/// whatever its state, its texts or its listing.
#[tokio::test]
async fn every_item_on_every_page_reads_as_the_hazard_does_on_its_own() {
    let app = spawn_app().await;
    app.demo_hazards(24).await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let (supervisor, _) = app.account("supervisor", None).await;
    let mut odd = general_hazard("huayanglu");
    odd["title"] = json!("引号\"反斜杠\\ 换行\n制表\t</script>\u{2028}表情😀");
    odd["latitude"] = json!(null);
    odd["longitude"] = json!(null);
    app.post("/v1/hazards", &inspector, &odd).await.expect(201);
    let mut major = general_hazard("huayanglu");
    major["grade"] = json!("major");
    major["criterion_code"] = app.get("/v1/criteria?sector=fire", &inspector).await.body[0]["code"].clone();
    let listed = app.post("/v1/hazards", &inspector, &major).await.expect(201).body;
    let listed_id = listed["id"].as_str().unwrap().to_owned();
    let listing = json!({"level": "street", "department_code": "emergency", "document_number": "督1",
        "deadline": hazard_tests::date_in(&app, 5), "reason": "x"});
    app.post(&format!("/v1/hazards/{listed_id}/supervision"), &supervisor, &listing).await.expect(201);
    app.post("/v1/hazards", &inspector, &general_hazard("huayanglu")).await.expect(201);
    let admin = app.admin().await;
    let client =
        json!({"name": "一网统管平台", "scopes": ["cases:read"], "street_code": null, "rate_limit_per_minute": 1000});
    let key = app.post("/v1/clients", &admin, &client).await.expect(201).body["api_key"].as_str().unwrap().to_owned();

    let bearer = format!("Bearer {supervisor}");
    for (who, header) in [("staff", ("Authorization", bearer.as_str())), ("client", ("X-Api-Key", key.as_str()))] {
        let items = every_page(&app, "/v1/hazards?limit=7", &[header]).await;
        assert_eq!(items.len(), 27, "{who}: every hazard once");
        let times: Vec<&str> = items.iter().map(|h| h["created_at"].as_str().unwrap()).collect();
        let mut newest_first = times.clone();
        newest_first.sort_by(|a, b| {
            chrono::DateTime::parse_from_rfc3339(b).unwrap().cmp(&chrono::DateTime::parse_from_rfc3339(a).unwrap())
        });
        assert_eq!(times, newest_first, "{who}: newest first");
        for item in &items {
            let id = item["id"].as_str().unwrap();
            let alone = app.call_with(reqwest::Method::GET, &format!("/v1/hazards/{id}"), None, None, &[header]).await;
            assert_eq!(item, &alone.expect(200).body, "{who}: hazard {id}");
        }
        let with_listing = items.iter().find(|h| h["id"] == json!(listed_id)).unwrap();
        match who {
            "staff" => assert_eq!(with_listing["supervision"]["level"], json!("street")),
            _ => assert_eq!(with_listing["supervision_level"], json!("street")),
        }
        let plans = items.iter().filter(|h| h.get("rectification_plan").is_some_and(|p| !p.is_null())).count();
        let closed = items.iter().filter(|h| !h["closed_at"].is_null()).count();
        if who == "staff" {
            assert!(plans > 0 && closed > 0, "the demo hazards bring plans ({plans}) and closed ones ({closed})");
        }
    }
}

/// The list runs on the HTTP worker when a connection is free and on the blocking pool
/// when none is (`worker_read`): with one connection for four workers, most of these
/// callers find none free. Every one gets the same page, searched or not.
#[tokio::test]
async fn more_callers_than_connections_all_get_the_same_page() {
    let app = hazard_tests::spawn_app_with(|s| {
        s.db_pool_size = 1;
        s.workers = Some(4);
    })
    .await;
    let (token, _) = app.account("inspector", None).await;
    for _ in 0..3 {
        app.hazard(&token, "jiangsulu").await;
    }
    let alone = app.get("/v1/hazards?limit=2", &token).await.expect(200).body;
    let searched = app.get("/v1/hazards?limit=2&q=YH", &token).await.expect(200).body;
    assert_eq!(alone["items"].as_array().unwrap().len(), 2);
    assert!(alone["next_cursor"].is_string());
    assert_eq!(searched, alone, "every hazard code contains YH");
    let asks = (0..24).map(|i| {
        let path = if i % 3 == 0 { "/v1/hazards?limit=2&q=YH" } else { "/v1/hazards?limit=2" };
        app.get(path, &token)
    });
    for reply in futures_util::future::join_all(asks).await {
        assert_eq!(reply.expect(200).body, alone);
    }
}
