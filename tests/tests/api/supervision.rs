//! Listed supervision, escalation, the overdue job, enforcement, and lifting.

use hazard_tests::{date_in, general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn major_hazard(app: &TestApp, token: &str, street: &str) -> String {
    let mut body = general_hazard(street);
    body["grade"] = json!("major");
    body["criterion_code"] = app.get("/v1/criteria?sector=fire", token).await.body[0]["code"].clone();
    app.post("/v1/hazards", token, &body).await.expect(201).body["id"].as_str().unwrap().to_owned()
}

fn listing(app: &TestApp, days: i64) -> Value {
    json!({"level": "street", "department_code": "fire_rescue", "document_number": "长安委督〔2025〕3号",
           "deadline": date_in(app, days), "reason": "重大火灾隐患，挂牌督办"})
}

fn events(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

async fn run_jobs(app: &TestApp) -> hazard_api::jobs::JobReport {
    let st = app.state.clone();
    tokio::task::spawn_blocking(move || hazard_api::jobs::run_once(&st)).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_major_hazard_is_listed_escalated_overdue_once_closed_and_lifted() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("hongqiao")).await;
    let (sup, _) = app.account("supervisor", None).await;
    let hid = major_hazard(&app, &inspector, "hongqiao").await;
    let assign = json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "某商场",
                        "deadline": date_in(&app, 20), "rectification_plan": hazard_tests::complete_plan()});
    app.transition(&inspector, &hid, assign).await.expect(200);
    // Listed.
    let path = format!("/v1/hazards/{hid}/supervision");
    let s = app.post(&path, &sup, &listing(&app, 5)).await.expect(201).body;
    assert_eq!(
        (s["level"].clone(), s["status"].clone(), s["overdue"].clone()),
        (json!("street"), json!("active"), json!(false))
    );
    app.post(&path, &sup, &listing(&app, 5)).await.problem(409, "invalid_transition");
    let h = app.get(&format!("/v1/hazards/{hid}"), &inspector).await.expect(200).body;
    assert_eq!(h["supervision"]["document_number"], "长安委督〔2025〕3号");
    // Escalated (提级): only upwards.
    let up = json!({"level": "district", "reason": "逾期未整改，提级督办"});
    assert_eq!(app.post(&format!("{path}/escalate"), &sup, &up).await.expect(200).body["level"], "district");
    let down = json!({"level": "street", "reason": "x"});
    assert_eq!(app.post(&format!("{path}/escalate"), &sup, &down).await.problem(422, "validation_failed"), ["level"]);
    // Time passes beyond the supervision deadline (not the hazard's): recorded once.
    app.clock.advance(chrono::Duration::days(7));
    let first = run_jobs(&app).await;
    assert_eq!(first.supervision_overdue, 1);
    assert_eq!(first.overdue, 0, "the hazard's own deadline is 20 days out");
    let again = run_jobs(&app).await;
    assert_eq!(again.supervision_overdue, 0, "exactly once");
    let board = app.get("/v1/supervisions?overdue=true", &sup).await.expect(200).body;
    assert_eq!(board["items"].as_array().unwrap().len(), 1);
    let row = &board["items"][0];
    assert_eq!(row["days_overdue"], 2);
    assert_eq!(row["hazard_grade"], "major");
    assert_eq!(row["hazard_status"], "rectifying");
    assert!(row["hazard_code"].as_str().unwrap().starts_with("YH-"));
    // Past the hazard's own deadline too: one `overdue` event, once.
    app.clock.advance(chrono::Duration::days(14));
    assert_eq!(run_jobs(&app).await.overdue, 1);
    assert_eq!(run_jobs(&app).await.overdue, 0);
    let listed = app.get("/v1/hazards?overdue=true", &sup).await.expect(200).body;
    assert_eq!(listed["items"][0]["id"], hid.as_str(), "the list agrees with the job");
    // Enforcement on the case.
    let action = json!({"kind": "interview", "date": date_in(&app, 0), "department_code": "emergency", "note": "约谈企业负责人"});
    app.post(&format!("/v1/hazards/{hid}/enforcement-actions"), &sup, &action).await.expect(201);
    // Lifting waits for closure.
    app.post(&format!("{path}/lift"), &sup, &json!({})).await.problem(409, "invalid_transition");
    app.evidence(&inspector, &hid).await;
    app.transition(&inspector, &hid, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    app.transition(&sup, &hid, json!({"action": "approve", "note": "销号"})).await.expect(200);
    let lifted = app.post(&format!("{path}/lift"), &sup, &json!({"note": "已销号，摘牌"})).await.expect(200).body;
    assert_eq!(lifted["status"], "lifted");
    let timeline = app.get(&format!("/v1/hazards/{hid}/events"), &sup).await.expect(200).body;
    let actions = events(&timeline);
    for a in [
        "supervision_listed",
        "supervision_escalated",
        "supervision_overdue",
        "overdue",
        "enforcement",
        "supervision_lifted",
    ] {
        assert_eq!(actions.iter().filter(|x| *x == a).count(), 1, "{a} once in {actions:?}");
    }
    let h = app.get(&format!("/v1/hazards/{hid}"), &sup).await.expect(200).body;
    assert_eq!(h["supervision"], Value::Null);
    let lifted_board = app.get("/v1/supervisions?status=lifted", &sup).await.expect(200).body;
    assert_eq!(lifted_board["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reminders_come_once_per_deadline() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let h = app.hazard(&inspector, "hongqiao").await;
    let hid = h["id"].as_str().unwrap();
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "x", "deadline": date_in(&app, 2)});
    app.transition(&inspector, hid, assign).await.expect(200);
    assert_eq!(run_jobs(&app).await.reminders, 1);
    assert_eq!(run_jobs(&app).await.reminders, 0);
    let (sup, _) = app.account("supervisor", None).await;
    let extend = json!({"action": "extend", "deadline": date_in(&app, 3), "reason": "材料未到"});
    app.transition(&sup, hid, extend).await.expect(200);
    assert_eq!(run_jobs(&app).await.reminders, 1, "a new deadline gets its own reminder");
}

#[tokio::test]
async fn supervision_paths_that_are_forbidden() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let (street_sup, _) = app.account("supervisor", Some("hongqiao")).await;
    let (sup, _) = app.account("supervisor", None).await;
    let hid = major_hazard(&app, &inspector, "huayanglu").await;
    let path = format!("/v1/hazards/{hid}/supervision");
    // An inspector neither lists nor reads the board.
    app.post(&path, &inspector, &listing(&app, 5)).await.problem(403, "forbidden");
    app.get("/v1/supervisions", &inspector).await.problem(403, "forbidden");
    // A street supervisor cannot act on another street's hazard (it does not exist for them).
    app.post(&path, &street_sup, &listing(&app, 5)).await.problem(404, "not_found");
    let action = json!({"kind": "warning_notice", "date": date_in(&app, 0), "department_code": "emergency"});
    app.post(&format!("/v1/hazards/{hid}/enforcement-actions"), &street_sup, &action).await.problem(404, "not_found");
    app.post(&format!("/v1/hazards/{hid}/enforcement-actions"), &inspector, &action).await.problem(403, "forbidden");
    // Bad input names the field.
    let r = app.post(&path, &sup, &listing(&app, -1)).await;
    assert_eq!(r.problem(422, "validation_failed"), ["deadline"]);
    let mut bad = listing(&app, 5);
    bad["level"] = json!("province");
    assert_eq!(app.post(&path, &sup, &bad).await.problem(422, "validation_failed"), ["level"]);
    let future = json!({"kind": "interview", "date": date_in(&app, 3), "department_code": "emergency"});
    let r = app.post(&format!("/v1/hazards/{hid}/enforcement-actions"), &sup, &future).await;
    assert_eq!(r.problem(422, "validation_failed"), ["date"]);
    // Not listed: nothing to escalate or lift.
    let up = json!({"level": "city", "reason": "x"});
    app.post(&format!("{path}/escalate"), &sup, &up).await.problem(404, "not_found");
    app.get("/v1/supervisions?status=paused", &sup).await.problem(400, "validation_failed");
    let r =
        app.call(Method::GET, &format!("/v1/hazards/{hid}/enforcement-actions"), Some(&sup), None).await.expect(200);
    assert_eq!(r.body.as_array().unwrap().len(), 0, "nothing was recorded");
}

#[tokio::test]
async fn enforcement_is_listed_per_hazard_and_per_enterprise() {
    let app = spawn_app().await;
    let ent = app.enterprise("huayanglu").await;
    let (sup, _) = app.account("supervisor", None).await;
    let mut body = general_hazard("huayanglu");
    body["enterprise_id"] = json!(ent);
    let h = app.post("/v1/hazards", &sup, &body).await.expect(201).body;
    let hid = h["id"].as_str().unwrap();
    for kind in ["interview", "double_penalty", "suspension"] {
        let action = json!({"kind": kind, "date": date_in(&app, 0), "department_code": "emergency"});
        let r = app.post(&format!("/v1/hazards/{hid}/enforcement-actions"), &sup, &action).await.expect(201);
        assert_eq!(r.body["enterprise_id"], ent.as_str(), "defaults to the hazard's enterprise");
    }
    let per_hazard = app.get(&format!("/v1/hazards/{hid}/enforcement-actions"), &sup).await.expect(200).body;
    assert_eq!(per_hazard.as_array().unwrap().len(), 3);
    let per_enterprise = app.get(&format!("/v1/enterprises/{ent}/enforcement-actions"), &sup).await.expect(200).body;
    assert_eq!(per_enterprise.as_array().unwrap().len(), 3);
}
