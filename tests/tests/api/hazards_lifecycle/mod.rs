//! The closed loop (排查 → 整改 → 复查 → 销号) and every way off it.

mod rules;

use hazard_tests::{complete_plan, date_in, general_hazard, spawn_app, TestApp};
use serde_json::{json, Value};

struct Cast {
    inspector: String,
    reviewer: String,
    supervisor: String,
}

async fn cast(app: &TestApp) -> Cast {
    Cast {
        inspector: app.account("inspector", Some("huayanglu")).await.0,
        reviewer: app.account("inspector", None).await.0,
        supervisor: app.account("supervisor", None).await.0,
    }
}

fn assign(app: &TestApp, days: i64) -> Value {
    json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "长宁示范餐饮有限公司", "deadline": date_in(app, days)})
}

fn id(h: &Value) -> String {
    h["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_general_hazard_goes_round_the_whole_loop() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    let r = app.transition(&c.inspector, &hid, assign(&app, 10)).await.expect(200);
    assert_eq!(r.body["status"], "rectifying");
    assert_eq!(r.body["department_code"], "fire_rescue");
    assert_eq!(r.body["deadline"], date_in(&app, 10));
    assert_eq!(r.header("etag").as_deref(), Some("\"2-0\""));
    // Evidence first: no submission without an `after` photo.
    let r = app.transition(&c.inspector, &hid, json!({"action": "submit", "note": "杂物已清理"})).await;
    assert_eq!(r.problem(422, "photo_required"), ["photos"]);
    app.evidence(&c.inspector, &hid).await;
    let r = app
        .transition(&c.inspector, &hid, json!({"action": "submit", "note": "杂物已清理，通道畅通"}))
        .await
        .expect(200);
    assert_eq!(r.body["status"], "pending_review");
    // The submitter does not review their own work.
    app.transition(&c.inspector, &hid, json!({"action": "approve"})).await.problem(403, "forbidden");
    let r = app.transition(&c.reviewer, &hid, json!({"action": "reject", "reason": "仍有纸箱"})).await.expect(200);
    assert_eq!(r.body["status"], "rectifying");
    app.transition(&c.inspector, &hid, json!({"action": "submit", "note": "已全部清理"})).await.expect(200);
    let r = app.transition(&c.reviewer, &hid, json!({"action": "approve", "note": "复查通过"})).await.expect(200);
    assert_eq!(r.body["status"], "closed");
    assert!(r.body["closed_at"].is_string());
    assert_eq!(r.body["version"], 7);
    let events = app.get(&format!("/v1/hazards/{hid}/events"), &c.supervisor).await.expect(200).body;
    let actions: Vec<_> = events.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["report", "assign", "photo", "submit", "reject", "submit", "approve"]);
    let trail: Vec<_> =
        events.as_array().unwrap().iter().map(|e| (e["from_status"].clone(), e["to_status"].clone())).collect();
    assert_eq!(trail[4], (json!("pending_review"), json!("rectifying")));
    assert_eq!(events[4]["note"], "仍有纸箱");
    assert_eq!(events[1]["data"]["deadline"], date_in(&app, 10));
    assert!(events.as_array().unwrap().iter().all(|e| e["actor_name"].is_string()));
    // Reopening brings it back.
    let r = app
        .transition(
            &c.supervisor,
            &hid,
            json!({"action": "reopen", "reason": "隐患反弹", "deadline": date_in(&app, 5)}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["status"], "rectifying");
    assert_eq!(r.body["closed_at"], Value::Null);
}

#[tokio::test]
async fn a_major_hazard_needs_a_plan_and_a_supervisor() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut body = general_hazard("huayanglu");
    body["grade"] = json!("major");
    body["criterion_code"] = app.get("/v1/criteria?sector=fire", &c.inspector).await.body[0]["code"].clone();
    let h = app.post("/v1/hazards", &c.inspector, &body).await.expect(201).body;
    let hid = id(&h);
    // Never closed on the spot.
    app.transition(&c.inspector, &hid, json!({"action": "close_on_site", "note": "x"}))
        .await
        .problem(409, "invalid_transition");
    let mut a = assign(&app, 30);
    a["rectification_plan"] = json!({"responsible": "企业法定代表人", "measures": "拆除隔断"});
    app.transition(&c.inspector, &hid, a).await.expect(200);
    app.evidence(&c.inspector, &hid).await;
    let r = app.transition(&c.inspector, &hid, json!({"action": "submit", "note": "已整改"})).await;
    let missing = r.problem(422, "rectification_plan_incomplete");
    assert_eq!(
        missing,
        ["rectification_plan.funds", "rectification_plan.deadline", "rectification_plan.contingency_plan"]
    );
    assert_eq!(
        app.get(&format!("/v1/hazards/{hid}"), &c.inspector).await.body["status"],
        "rectifying",
        "nothing changed"
    );
    let r = app
        .transition(
            &c.inspector,
            &hid,
            json!({"action": "submit", "note": "已整改", "rectification_plan": complete_plan()}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["rectification_plan"]["funds"], "5万元");
    app.transition(&c.reviewer, &hid, json!({"action": "approve"})).await.problem(403, "forbidden");
    let r = app.transition(&c.supervisor, &hid, json!({"action": "approve", "note": "销号"})).await.expect(200);
    assert_eq!(r.body["status"], "closed");
}

#[tokio::test]
async fn general_hazards_can_be_closed_on_site() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let close = json!({"action": "close_on_site", "note": "当场清理"});
    let r = app.transition(&c.inspector, &id(&h), close.clone()).await;
    assert_eq!(r.problem(422, "photo_required"), ["photos"]);
    app.evidence(&c.inspector, &id(&h)).await;
    let r = app.transition(&c.inspector, &id(&h), close).await.expect(200);
    assert_eq!(r.body["status"], "closed");
    let events = app.get(&format!("/v1/hazards/{}/events", id(&h)), &c.inspector).await.body;
    assert_eq!(events[2]["action"], "close_on_site");
}

#[tokio::test]
async fn forbidden_paths_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (other_street, _) = app.account("supervisor", Some("hongqiao")).await;
    let (enterprise_less, _) = app.account("inspector", Some("hongqiao")).await;
    let h = app.hazard(&c.inspector, "huayanglu").await;
    let hid = id(&h);
    // Wrong role: only supervisors invalidate or extend.
    app.transition(&c.inspector, &hid, json!({"action": "invalidate", "reason": "重复"}))
        .await
        .problem(403, "forbidden");
    // Wrong status.
    app.transition(&c.supervisor, &hid, json!({"action": "approve"})).await.problem(409, "invalid_transition");
    app.transition(&c.supervisor, &hid, json!({"action": "extend", "deadline": date_in(&app, 9), "reason": "x"}))
        .await
        .problem(409, "invalid_transition");
    // Another street: the hazard does not exist for them.
    app.transition(&other_street, &hid, json!({"action": "invalidate", "reason": "x"})).await.problem(404, "not_found");
    app.get(&format!("/v1/hazards/{hid}"), &enterprise_less).await.problem(404, "not_found");
    app.get(&format!("/v1/hazards/{hid}/events"), &other_street).await.problem(404, "not_found");
    // Bad input names the field.
    let mut bad = assign(&app, -1);
    let r = app.transition(&c.inspector, &hid, bad.clone()).await;
    assert_eq!(r.problem(422, "validation_failed"), ["deadline"]);
    bad["deadline"] = json!("2099-13-45");
    assert_eq!(app.transition(&c.inspector, &hid, bad.clone()).await.problem(422, "validation_failed"), ["deadline"]);
    bad = assign(&app, 3);
    bad["department_code"] = json!("no_such_dept");
    assert_eq!(app.transition(&c.inspector, &hid, bad).await.problem(422, "validation_failed"), ["department_code"]);
    let r = app.transition(&c.inspector, &hid, json!({"action": "teleport"})).await;
    assert_eq!(r.problem(422, "validation_failed"), ["action"]);
    let r = app.transition(&c.inspector, &hid, json!({"action": "close_on_site", "note": "x", "extra": 1})).await;
    assert_eq!(r.problem(422, "validation_failed"), ["extra"]);
    let r = app.transition(&c.inspector, &hid, json!({"action": "close_on_site", "note": "  "})).await;
    assert_eq!(r.problem(422, "validation_failed"), ["note"]);
    // None of that changed the hazard or its timeline.
    let now = app.get(&format!("/v1/hazards/{hid}"), &c.inspector).await.expect(200).body;
    assert_eq!(now["version"], 1);
    assert_eq!(now["status"], "reported");
    assert_eq!(app.event_count(&c.inspector, &hid).await, 1);
    app.transition(&c.inspector, &format!("{}", uuid::Uuid::new_v4()), json!({"action": "approve"}))
        .await
        .problem(404, "not_found");
}
