//! Filing hazards: validation, jurisdiction, client ids and safe retries.

use hazard_tests::{general_hazard, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn filing_returns_the_hazard_with_code_location_and_etag() {
    let app = spawn_app().await;
    let (token, user_id) = app.account("inspector", Some("huayanglu")).await;
    let mut body = general_hazard("huayanglu");
    body["observed_at"] = json!("2025-03-01T08:30:00+08:00");
    let r = app.post("/v1/hazards", &token, &body).await.expect(201);
    let h = &r.body;
    let id = h["id"].as_str().unwrap();
    assert_eq!(r.header("location"), Some(format!("/v1/hazards/{id}")));
    assert_eq!(r.header("etag").as_deref(), Some("\"1-0\""));
    let code = h["code"].as_str().unwrap();
    assert!(code.starts_with("YH-20") && code.len() == "YH-2025-000001".len(), "{code}");
    assert_eq!(h["status"], "reported");
    assert_eq!(h["source"], "inspection");
    assert_eq!(h["reported_by"], user_id);
    assert_eq!(h["overdue"], false);
    assert_eq!(h["version"], 1);
    assert_eq!(h["observed_at"], "2025-03-01T00:30:00Z");
    assert!(h["created_at"].as_str().unwrap().ends_with('Z'));
    for key in [
        "id",
        "code",
        "title",
        "description",
        "sector",
        "street_code",
        "address",
        "latitude",
        "longitude",
        "grade",
        "criterion_code",
        "source",
        "status",
        "enterprise_id",
        "inspection_id",
        "department_code",
        "responsible_party",
        "deadline",
        "overdue",
        "rectification_plan",
        "reported_by",
        "observed_at",
        "created_at",
        "updated_at",
        "closed_at",
        "version",
    ] {
        assert!(h.get(key).is_some(), "hazard JSON has `{key}`");
    }
    let second = app.hazard(&token, "huayanglu").await;
    assert_ne!(second["code"], h["code"], "codes are unique");
    let events = app.get(&format!("/v1/hazards/{id}/events"), &token).await.expect(200).body;
    assert_eq!(events[0]["action"], "report");
    assert_eq!(events[0]["to_status"], "reported");
    assert_eq!(events[0]["actor_id"], user_id);
}

#[tokio::test]
async fn a_retried_create_with_the_same_client_id_files_once() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let id = uuid::Uuid::new_v4();
    let mut body = general_hazard("hongqiao");
    body["id"] = json!(id);
    let first = app.post("/v1/hazards", &token, &body).await.expect(201);
    let again = app.post("/v1/hazards", &token, &body).await.expect(200);
    assert_eq!(first.body, again.body);
    body["title"] = json!("另一个隐患");
    app.post("/v1/hazards", &token, &body).await.problem(409, "conflict");
    let list = app.get("/v1/hazards", &token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.event_count(&token, &id.to_string()).await, 1);
}

#[tokio::test]
async fn a_retry_answers_with_the_hazard_filed_even_when_its_checks_would_now_fail() {
    let app = spawn_app().await;
    let (token, _) = app.account("supervisor", None).await;
    let enterprise = app.enterprise("hongqiao").await;
    let mut body = general_hazard("hongqiao");
    body["id"] = json!(uuid::Uuid::new_v4());
    body["enterprise_id"] = json!(enterprise);
    let first = app.post("/v1/hazards", &token, &body).await.expect(201);
    // The enterprise moves street: a new filing citing it in hongqiao is refused now ...
    app.call(
        Method::PATCH,
        &format!("/v1/enterprises/{enterprise}"),
        Some(&token),
        Some(&json!({"street_code": "xinhualu"})),
    )
    .await
    .expect(200);
    let mut other = body.clone();
    other["id"] = json!(uuid::Uuid::new_v4());
    assert_eq!(app.post("/v1/hazards", &token, &other).await.problem(422, "validation_failed"), vec!["enterprise_id"]);
    // ... but the phone's retry of the filing on record still gets the hazard it filed.
    let again = app.post("/v1/hazards", &token, &body).await.expect(200);
    assert_eq!(first.body, again.body);
    assert_eq!(app.get("/v1/hazards", &token).await.expect(200).body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn unknown_codes_are_named_together_whichever_check_finds_them() {
    let app = spawn_app().await;
    let (token, _) = app.account("supervisor", None).await;
    let mut body = general_hazard("huayanglu");
    body["street_code"] = json!("atlantis");
    body["sector"] = json!("mining");
    // Left to the database's foreign keys, then explained: both fields.
    let mut fields = app.post("/v1/hazards", &token, &body).await.problem(422, "validation_failed");
    fields.sort();
    assert_eq!(fields, ["sector", "street_code"]);
    // With another mistake found first, the codes are looked up with it: all three.
    body["criterion_code"] = json!("NO-SUCH-CRITERION");
    let mut fields = app.post("/v1/hazards", &token, &body).await.problem(422, "validation_failed");
    fields.sort();
    assert_eq!(fields, ["criterion_code", "sector", "street_code"]);
    assert_eq!(app.get("/v1/hazards", &token).await.expect(200).body["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn concurrent_retries_of_one_create_file_one_hazard() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let mut body = general_hazard("hongqiao");
    body["id"] = json!(uuid::Uuid::new_v4());
    let (a, b) = tokio::join!(app.post("/v1/hazards", &token, &body), app.post("/v1/hazards", &token, &body));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{} / {}", a.text, b.text);
    assert_eq!(a.body["code"], b.body["code"]);
}

#[tokio::test]
async fn bad_hazards_name_the_field_and_store_nothing() {
    let app = spawn_app().await;
    let (token, _) = app.account("supervisor", None).await;
    let with = |key: &str, value: serde_json::Value| {
        let mut b = general_hazard("huayanglu");
        b[key] = value;
        b
    };
    let cases = [
        (with("latitude", json!(91.0)), "latitude"),
        (with("longitude", json!(-181.0)), "longitude"),
        (with("latitude", json!(null)), "latitude"),
        (with("title", json!("")), "title"),
        (with("title", json!("长".repeat(201))), "title"),
        (with("street_code", json!("atlantis")), "street_code"),
        (with("sector", json!("mining")), "sector"),
        (with("grade", json!("catastrophic")), "grade"),
        (with("grade", json!("major")), "criterion_code"),
        (with("criterion_code", json!("FIRE-01")), "criterion_code"),
        (with("observed_at", json!("yesterday")), "observed_at"),
        (with("enterprise_id", json!(uuid::Uuid::new_v4())), "enterprise_id"),
        (with("id", json!("not-a-uuid")), "id"),
        (with("extra", json!(1)), "extra"),
        (with("source", json!("public_tip")), "source"),
    ];
    for (body, field) in cases {
        let r = app.post("/v1/hazards", &token, &body).await;
        let fields = r.problem(422, "validation_failed");
        assert!(fields.iter().any(|f| f == field), "{field}: {}", r.text);
    }
    let mut major = with("grade", json!("major"));
    major["criterion_code"] = json!("GAS-01");
    let r = app.post("/v1/hazards", &token, &major).await;
    assert_eq!(
        r.problem(422, "validation_failed"),
        vec!["criterion_code"],
        "a gas criterion cannot ground a fire hazard"
    );
    let list = app.get("/v1/hazards", &token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_major_hazard_cites_a_matching_criterion() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let fire = app.get("/v1/criteria?sector=fire", &token).await.expect(200).body;
    let code = fire[0]["code"].as_str().unwrap();
    let mut body = general_hazard("xinhualu");
    body["grade"] = json!("major");
    body["criterion_code"] = json!(code);
    let h = app.post("/v1/hazards", &token, &body).await.expect(201).body;
    assert_eq!(h["grade"], "major");
    assert_eq!(h["criterion_code"], code);
}

#[tokio::test]
async fn filing_respects_jurisdiction_and_role() {
    let app = spawn_app().await;
    let (street, _) = app.account("inspector", Some("huayanglu")).await;
    app.post("/v1/hazards", &street, &general_hazard("hongqiao")).await.problem(403, "forbidden");
    let admin = app.admin().await;
    app.post("/v1/hazards", &admin, &general_hazard("hongqiao")).await.problem(403, "forbidden");
    let r = app.call(Method::POST, "/v1/hazards", None, Some(&general_hazard("hongqiao"))).await;
    r.problem(401, "unauthorized");
}

#[tokio::test]
async fn enterprises_self_report_and_see_only_their_own() {
    let app = spawn_app().await;
    let mine = app.enterprise("tianshanlu").await;
    let other = app.enterprise("tianshanlu").await;
    let (ent, _) = app.account_for("enterprise", None, Some(&mine)).await;
    let (inspector, _) = app.account("inspector", None).await;
    let own = app.post("/v1/hazards", &ent, &general_hazard("tianshanlu")).await.expect(201).body;
    assert_eq!(own["source"], "self_check");
    assert_eq!(own["enterprise_id"], mine.as_str());
    let mut foreign = general_hazard("tianshanlu");
    foreign["enterprise_id"] = json!(other);
    let r = app.post("/v1/hazards", &ent, &foreign).await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["enterprise_id"]);
    let theirs = app.post("/v1/hazards", &inspector, &foreign).await.expect(201).body;
    app.get(&format!("/v1/hazards/{}", theirs["id"].as_str().unwrap()), &ent).await.problem(404, "not_found");
    let listed = app.get("/v1/hazards", &ent).await.expect(200).body;
    let ids: Vec<_> = listed["items"].as_array().unwrap().iter().map(|h| h["id"].clone()).collect();
    assert_eq!(ids, vec![own["id"].clone()]);
}

/// Concurrent filings queue for the write lock in the server, in arrival order, instead
/// of meeting inside SQLite: with SQLite's busy wait cut to 1 ms none of them is refused
/// (before, most of them got 503 "database is locked"). Every code is distinct and the
/// year's numbers have no gap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_filings_queue_for_the_write_lock_and_all_succeed() {
    let app = spawn_app_with(|s| s.limits.sqlite_busy_timeout_ms = 1).await;
    let (token, _) = app.account("inspector", None).await;
    let body = general_hazard("hongqiao");
    let filings = (0..24).map(|_| app.post("/v1/hazards", &token, &body));
    let replies = futures_util::future::join_all(filings).await;
    let mut numbers: Vec<u32> = replies
        .into_iter()
        .map(|r| {
            let r = r.expect(201);
            let code = r.body["code"].as_str().unwrap().to_owned();
            code.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=24).collect::<Vec<u32>>());
}

/// A keyed filing holds its turn to write for its whole unit of work (the writes and the
/// stored answer commit together); unkeyed filings queue behind it rather than in SQLite,
/// so a mix of both, with SQLite's busy wait cut to 1 ms, all succeed, and every keyed
/// one replays its own answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn keyed_and_unkeyed_filings_share_the_write_queue() {
    let app = spawn_app_with(|s| s.limits.sqlite_busy_timeout_ms = 1).await;
    let (token, _) = app.account("inspector", None).await;
    let body = general_hazard("hongqiao");
    let keys: Vec<String> = (0..12).map(|i| format!("queue-{i}")).collect();
    let filings = (0..24).map(|i| {
        let (app, token, body) = (&app, &token, &body);
        let key = (i % 2 == 0).then(|| keys[i / 2].clone());
        async move {
            let headers: Vec<(&str, &str)> = key.iter().map(|k| ("Idempotency-Key", k.as_str())).collect();
            (key.clone(), app.call_with(Method::POST, "/v1/hazards", Some(token), Some(body), &headers).await)
        }
    });
    let replies = futures_util::future::join_all(filings).await;
    let mut codes = std::collections::HashSet::new();
    for (key, reply) in replies {
        let code = reply.expect(201).body["code"].as_str().unwrap().to_owned();
        assert!(codes.insert(code.clone()), "{code} twice");
        if let Some(k) = key {
            let header = [("Idempotency-Key", k.as_str())];
            let again = app.call_with(Method::POST, "/v1/hazards", Some(&token), Some(&body), &header).await;
            assert_eq!(again.expect(201).body["code"], code.as_str(), "{k} replays its answer");
        }
    }
    assert_eq!(codes.len(), 24);
}
