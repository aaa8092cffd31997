//! A day in the field, as a phone does it: start an inspection, file hazards with
//! client ids and photos over a flaky network (every request retried), finish, let the
//! enterprise verify the code, and sync.

use hazard_tests::{general_hazard, spawn_app, PNG_1X1};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_phone_journey_with_retries_loses_and_duplicates_nothing() {
    let app = spawn_app().await;
    let enterprise = app.enterprise("xianxiaxincun").await;
    let (phone, me) = app.account("inspector", Some("xianxiaxincun")).await;
    let (colleague, colleague_id) = app.account("inspector", Some("xianxiaxincun")).await;
    let _ = colleague;

    // Start the inspection (retried once: the first answer was "lost").
    let start = json!({"kind": "unannounced", "enterprise_id": enterprise, "street_code": "xianxiaxincun",
                       "department_code": "emergency", "inspector_ids": [colleague_id]});
    let k = [("Idempotency-Key", "ins-start-1")];
    let ins = app.call_with(Method::POST, "/v1/inspections", Some(&phone), Some(&start), &k).await.expect(201);
    let replay = app.call_with(Method::POST, "/v1/inspections", Some(&phone), Some(&start), &k).await.expect(201);
    assert_eq!(ins.body, replay.body);
    let ins_id = ins.body["id"].as_str().unwrap().to_owned();
    let code = ins.body["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("JC-"));
    let names: Vec<_> = ins.body["inspectors"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(names, [me.as_str(), colleague_id.as_str()]);

    // Two hazards with ids made offline, each with a photo; every request sent twice.
    let mut filed = Vec::new();
    for (n, title) in ["消防通道被占用", "配电箱前堆放杂物"].iter().enumerate() {
        let id = uuid::Uuid::new_v4().to_string();
        let mut body = general_hazard("xianxiaxincun");
        body["id"] = json!(id);
        body["title"] = json!(title);
        body["inspection_id"] = json!(ins_id);
        body["observed_at"] = json!("2025-05-10T10:00:00+08:00");
        let key = format!("hz-{n}");
        let k = [("Idempotency-Key", key.as_str())];
        let a = app.call_with(Method::POST, "/v1/hazards", Some(&phone), Some(&body), &k).await.expect(201);
        let b = app.call_with(Method::POST, "/v1/hazards", Some(&phone), Some(&body), &k).await.expect(201);
        assert_eq!(a.body, b.body);
        assert_eq!(a.body["enterprise_id"], enterprise.as_str(), "taken from the inspection");
        assert_eq!(a.body["source"], "inspection");
        let mut photo = PNG_1X1.to_vec();
        photo.push(n as u8);
        let pk = format!("photo-{n}");
        let headers = [("header:Idempotency-Key", pk.as_str())];
        let p1 = app.upload_with(&phone, &id, "before", photo.clone(), &headers).await.expect(201);
        let p2 = app.upload_with(&phone, &id, "before", photo.clone(), &headers).await.expect(201);
        assert_eq!(p1.body, p2.body);
        filed.push(id);
    }
    for id in &filed {
        assert_eq!(app.event_count(&phone, id).await, 2, "report + photo, once each");
        let photos = app.get(&format!("/v1/hazards/{id}/photos"), &phone).await.expect(200).body;
        assert_eq!(photos.as_array().unwrap().len(), 1);
    }

    // Finish (twice: the retry is harmless).
    let f = app.post(&format!("/v1/inspections/{ins_id}/finish"), &phone, &json!({})).await.expect(200);
    let f2 = app.post(&format!("/v1/inspections/{ins_id}/finish"), &phone, &json!({})).await.expect(200);
    assert_eq!(f.body["finished_at"], f2.body["finished_at"]);
    assert_eq!(f.body["hazards_count"], 2);
    let detail = app.get(&format!("/v1/inspections/{ins_id}"), &phone).await.expect(200).body;
    assert_eq!(detail["hazards"].as_array().unwrap().len(), 2);

    // The enterprise verifies the code without an account: only what it needs to know.
    let public = app.call(Method::GET, &format!("/v1/public/inspections/{code}"), None, None).await.expect(200);
    let keys: Vec<_> = public.body.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["code", "date", "department", "finished", "hazards_count", "inspector_names", "kind"]);
    assert_eq!(public.body["department"], "区应急局");
    assert_eq!(public.body["kind"], "unannounced");
    assert_eq!(public.body["hazards_count"], 2);
    assert_eq!(public.body["inspector_names"].as_array().unwrap().len(), 2);
    assert!(!public.text.contains(&me) && !public.text.contains(&enterprise), "no ids leak");
    let lower = code.to_lowercase();
    app.call(Method::GET, &format!("/v1/public/inspections/{lower}"), None, None).await.expect(200);
    app.call(Method::GET, "/v1/public/inspections/JC-AAAA-BBBB-CCCC", None, None).await.problem(404, "not_found");

    // Sync from nothing: exactly the two hazards; then nothing new.
    let first = app.get("/v1/sync/hazards", &phone).await.expect(200).body;
    let ids: Vec<_> = first["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, filed);
    assert_eq!(first["has_more"], false);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("/v1/sync/hazards?cursor={cursor}"), &phone).await.expect(200).body;
    assert_eq!(second["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn inspections_check_their_input_and_scope() {
    let app = spawn_app().await;
    let enterprise = app.enterprise("xianxiaxincun").await;
    let (phone, _) = app.account("inspector", Some("xianxiaxincun")).await;
    let (other, _) = app.account("inspector", Some("hongqiao")).await;
    let (ent, _) = app.account_for("enterprise", None, Some(&enterprise)).await;
    let bad = [
        (json!({"kind": "routine", "street_code": "xianxiaxincun"}), "enterprise_id"),
        (json!({"kind": "monthly", "street_code": "xianxiaxincun", "site_address": "x"}), "kind"),
        (json!({"kind": "self_check", "street_code": "xianxiaxincun", "site_address": "x"}), "kind"),
        (
            json!({"kind": "routine", "street_code": "xianxiaxincun", "enterprise_id": uuid::Uuid::new_v4()}),
            "enterprise_id",
        ),
        (
            json!({"kind": "routine", "street_code": "xianxiaxincun", "site_address": "x", "inspector_ids": [uuid::Uuid::new_v4()]}),
            "inspector_ids",
        ),
        (
            json!({"kind": "routine", "street_code": "xianxiaxincun", "site_address": "x", "department_code": "nope"}),
            "department_code",
        ),
    ];
    for (body, field) in bad {
        let r = app.post("/v1/inspections", &phone, &body).await;
        let fields = r.problem(422, "validation_failed");
        assert!(fields.iter().any(|f| f == field), "{field}: {}", r.text);
    }
    let site = json!({"kind": "routine", "street_code": "xianxiaxincun", "site_address": "长宁区某工地"});
    app.post("/v1/inspections", &other, &site).await.problem(403, "forbidden");
    let ins = app.post("/v1/inspections", &phone, &site).await.expect(201).body;
    let path = format!("/v1/inspections/{}", ins["id"].as_str().unwrap());
    app.get(&path, &other).await.problem(404, "not_found");
    app.post(&format!("{path}/finish"), &other, &json!({})).await.problem(404, "not_found");
    let early = json!({"finished_at": "2000-01-01T00:00:00Z"});
    assert_eq!(
        app.post(&format!("{path}/finish"), &phone, &early).await.problem(422, "validation_failed"),
        ["finished_at"]
    );
    // Enterprises record their own self-inspections only.
    let own = json!({"kind": "self_check", "street_code": "xianxiaxincun", "enterprise_id": enterprise});
    let selfcheck = app.post("/v1/inspections", &ent, &own).await.expect(201).body;
    assert_eq!(selfcheck["kind"], "self_check");
    let listed = app.get("/v1/inspections", &ent).await.expect(200).body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "its own only");
    let all = app.get("/v1/inspections?limit=1", &phone).await.expect(200).body;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    let next = all["next_cursor"].as_str().unwrap();
    let page2 = app.get(&format!("/v1/inspections?limit=1&cursor={next}"), &phone).await.expect(200).body;
    assert_eq!(page2["items"].as_array().unwrap().len(), 1);
    assert_ne!(page2["items"][0]["id"], all["items"][0]["id"]);
    app.get("/v1/inspections?cursor=x", &phone).await.problem(400, "validation_failed");
}

#[tokio::test]
async fn edits_need_if_match_and_one_of_two_concurrent_edits_wins() {
    let app = spawn_app().await;
    let (a, _) = app.account("inspector", None).await;
    let (b, _) = app.account("supervisor", None).await;
    let created = app.post("/v1/hazards", &a, &general_hazard("huayanglu")).await.expect(201);
    let hid = created.body["id"].as_str().unwrap();
    let path = format!("/v1/hazards/{hid}");
    let etag = created.header("etag").unwrap();
    let edit = json!({"title": "更正后的标题"});
    app.call(Method::PATCH, &path, Some(&a), Some(&edit)).await.problem(428, "precondition_required");
    let bad = json!({"latitude": 120.0, "longitude": 1.0});
    let r = app.call_with(Method::PATCH, &path, Some(&a), Some(&bad), &[("If-Match", &etag)]).await;
    assert_eq!(r.problem(422, "validation_failed"), ["latitude"]);
    let if_match = [("If-Match", etag.as_str())];
    let other_edit = json!({"address": "长宁区新地址"});
    let (x, y) = tokio::join!(
        app.call_with(Method::PATCH, &path, Some(&a), Some(&edit), &if_match),
        app.call_with(Method::PATCH, &path, Some(&b), Some(&other_edit), &if_match),
    );
    let ok = [&x, &y].into_iter().filter(|r| r.status.as_u16() == 200).count();
    assert_eq!(ok, 1, "{} / {}", x.text, y.text);
    let loser = if x.status.as_u16() == 200 { &y } else { &x };
    loser.problem(412, "precondition_failed");
    let current = app.get(&path, &a).await.expect(200);
    assert_eq!(loser.header("etag"), current.header("etag"), "the 412 carries the current ETag");
    let events = app.get(&format!("{path}/events"), &a).await.body;
    let edits = events.as_array().unwrap().iter().filter(|e| e["action"] == "edit").count();
    assert_eq!(edits, 1);
    // A stale phone cannot overwrite the newer edit.
    app.call_with(Method::PATCH, &path, Some(&a), Some(&edit), &[("If-Match", &etag)])
        .await
        .problem(412, "precondition_failed");
}

/// A keyed request runs its writes in one transaction. An inspection code that collides
/// (60 random bits: vanishingly rare, but `record` retries it) must leave that
/// transaction usable, so that `record` can look for the row and insert again with a
/// fresh code; on PostgreSQL the failed INSERT used to abort the whole transaction, and
/// the retry failed with it.
#[tokio::test]
async fn a_colliding_inspection_code_can_be_retried_inside_a_transaction() {
    let app = spawn_app().await;
    let (phone, _) = app.account("inspector", Some("xianxiaxincun")).await;
    let start =
        json!({"kind": "routine", "street_code": "xianxiaxincun", "site_address": "仙霞新村1号", "inspector_ids": []});
    let ins = app.post("/v1/inspections", &phone, &start).await.expect(201);
    let id = ins.body["id"].as_str().unwrap().to_owned();
    app.on_database(move |conn| {
        use hazard_infra::repo::inspections;
        use hazard_infra::InfraError;
        hazard_infra::db::transaction(conn, |c| -> Result<(), InfraError> {
            let mut twin = inspections::get(c, &id)?.expect("the inspection");
            twin.id = uuid::Uuid::new_v4().to_string();
            let taken = inspections::insert(c, &twin);
            assert!(matches!(taken, Err(InfraError::Conflict(_))), "same code: {taken:?}");
            assert!(inspections::get(c, &twin.id)?.is_none(), "the colliding row was not written");
            twin.code = hazard_infra::codes::inspection_code();
            inspections::insert(c, &twin)?;
            assert_eq!(inspections::get(c, &twin.id)?.map(|r| r.code), Some(twin.code.clone()));
            Ok(())
        })
        .expect("the transaction goes on after the collision and commits");
    })
    .await;
}
