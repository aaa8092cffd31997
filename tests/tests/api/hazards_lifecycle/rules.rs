//! The rules along the loop: extensions and regrading, stale ETags, concurrent
//! transitions and the district date of "overdue".

use super::*;

#[tokio::test]
async fn extension_and_regrading_follow_the_rules() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    app.transition(&c.inspector, &hid, assign(&app, 10)).await.expect(200);
    let earlier = json!({"action": "extend", "deadline": date_in(&app, 5), "reason": "工程量大"});
    assert_eq!(app.transition(&c.supervisor, &hid, earlier).await.problem(422, "validation_failed"), ["deadline"]);
    let r = app
        .transition(
            &c.supervisor,
            &hid,
            json!({"action": "extend", "deadline": date_in(&app, 20), "reason": "工程量大"}),
        )
        .await;
    assert_eq!(r.expect(200).body["deadline"], date_in(&app, 20));
    let criterion = app.get("/v1/criteria?sector=fire", &c.inspector).await.body[0]["code"].clone();
    let r = app
        .transition(&c.inspector, &hid, json!({"action": "regrade", "grade": "major", "criterion_code": criterion}))
        .await;
    assert_eq!(r.expect(200).body["grade"], "major");
    // Downgrading a major hazard: supervisors only, with a reason.
    app.transition(&c.inspector, &hid, json!({"action": "regrade", "grade": "general", "reason": "误判"}))
        .await
        .problem(403, "forbidden");
    let r = app.transition(&c.supervisor, &hid, json!({"action": "regrade", "grade": "general"})).await;
    assert_eq!(r.problem(422, "validation_failed"), ["reason"]);
    let r = app
        .transition(&c.supervisor, &hid, json!({"action": "regrade", "grade": "general", "reason": "误判"}))
        .await
        .expect(200);
    assert_eq!((r.body["grade"].clone(), r.body["criterion_code"].clone()), (json!("general"), Value::Null));
    let r = app
        .transition(&c.supervisor, &hid, json!({"action": "invalidate", "reason": "与YH-2025-000001重复"}))
        .await
        .expect(200);
    assert_eq!(r.body["status"], "invalid");
    app.transition(&c.supervisor, &hid, json!({"action": "reopen", "reason": "x"}))
        .await
        .problem(409, "invalid_transition");
}

#[tokio::test]
async fn stale_etags_are_refused() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    let path = format!("/v1/hazards/{hid}/transitions");
    let r = app
        .call_with(
            reqwest::Method::POST,
            &path,
            Some(&c.inspector),
            Some(&assign(&app, 10)),
            &[("If-Match", "\"1-0\"")],
        )
        .await
        .expect(200);
    assert_eq!(r.header("etag").as_deref(), Some("\"2-0\""));
    let stale = app
        .call_with(
            reqwest::Method::POST,
            &path,
            Some(&c.supervisor),
            Some(&json!({"action": "invalidate", "reason": "x"})),
            &[("If-Match", "\"1-0\"")],
        )
        .await;
    stale.problem(412, "precondition_failed");
    assert_eq!(stale.header("etag").as_deref(), Some("\"2-0\""));
    assert_eq!(app.event_count(&c.inspector, &hid).await, 2);
    // Conditional GET.
    let r = app
        .call_with(
            reqwest::Method::GET,
            &format!("/v1/hazards/{hid}"),
            Some(&c.inspector),
            None,
            &[("If-None-Match", "\"2-0\"")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 304);
    let r = app
        .call_with(
            reqwest::Method::GET,
            &format!("/v1/hazards/{hid}"),
            Some(&c.inspector),
            None,
            &[("If-None-Match", "\"1-0\"")],
        )
        .await;
    assert_eq!(r.expect(200).body["version"], 2);
}

#[tokio::test]
async fn concurrent_transitions_have_exactly_one_winner() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    let path = format!("/v1/hazards/{hid}/transitions");
    let body_a = assign(&app, 10);
    let body_b = json!({"action": "invalidate", "reason": "重复"});
    let headers = [("If-Match", "\"1-0\"")];
    let (a, b) = tokio::join!(
        app.call_with(reqwest::Method::POST, &path, Some(&c.inspector), Some(&body_a), &headers),
        app.call_with(reqwest::Method::POST, &path, Some(&c.supervisor), Some(&body_b), &headers),
    );
    let ok = [&a, &b].iter().filter(|r| r.status.as_u16() == 200).count();
    assert_eq!(ok, 1, "{} / {}", a.text, b.text);
    let loser = if a.status.as_u16() == 200 { &b } else { &a };
    assert!(matches!(loser.status.as_u16(), 409 | 412), "{}", loser.text);
    assert_eq!(app.event_count(&c.inspector, &hid).await, 2);
}

#[tokio::test]
async fn overdue_is_derived_from_the_district_date() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    app.transition(&c.inspector, &hid, assign(&app, 1)).await.expect(200);
    let before = app.get(&format!("/v1/hazards/{hid}"), &c.inspector).await.expect(200);
    assert_eq!(before.body["overdue"], false);
    let overdue_list = app.get("/v1/hazards?overdue=true", &c.inspector).await.expect(200).body;
    assert_eq!(overdue_list["items"].as_array().unwrap().len(), 0);
    app.clock.advance(chrono::Duration::days(2));
    let after = app.get(&format!("/v1/hazards/{hid}"), &c.inspector).await.expect(200);
    assert_eq!(after.body["overdue"], true);
    assert_ne!(before.header("etag"), after.header("etag"), "the representation changed");
    let overdue_list = app.get("/v1/hazards?overdue=true", &c.inspector).await.expect(200).body;
    assert_eq!(overdue_list["items"][0]["id"], hid.as_str());
    let not_overdue = app.get("/v1/hazards?overdue=false", &c.inspector).await.expect(200).body;
    assert_eq!(not_overdue["items"].as_array().unwrap().len(), 0);
}
