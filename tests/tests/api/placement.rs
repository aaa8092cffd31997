//! A hazard and everything attached to it sit in one street: its enterprise, its
//! inspection, and the enterprise of an enforcement action. Tested both ways: the same
//! request with an enterprise of the hazard's own street is accepted.

use hazard_tests::{general_hazard, spawn_app};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_hazard_cannot_be_filed_against_an_enterprise_of_another_street() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let here = app.enterprise("huayanglu").await;
    let there = app.enterprise("hongqiao").await;
    let mut body = general_hazard("huayanglu");
    body["enterprise_id"] = json!(there);
    let r = app.post("/v1/hazards", &inspector, &body).await;
    assert_eq!(r.problem(422, "validation_failed"), ["enterprise_id"]);
    // Nothing was filed, so the other street's enterprise sees nothing.
    let (ent_account, _) = app.account_for("enterprise", None, Some(&there)).await;
    let seen = app.get("/v1/hazards", &ent_account).await.expect(200).body;
    assert_eq!(seen["items"].as_array().unwrap().len(), 0);
    let mine = app.get("/v1/hazards", &inspector).await.expect(200).body;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0);
    // The enterprise of the hazard's own street is fine.
    body["enterprise_id"] = json!(here);
    let filed = app.post("/v1/hazards", &inspector, &body).await.expect(201);
    assert_eq!(filed.body["enterprise_id"], json!(here));
}

#[tokio::test]
async fn an_edit_cannot_move_a_hazard_to_an_enterprise_of_another_street() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let here = app.enterprise("huayanglu").await;
    let there = app.enterprise("hongqiao").await;
    let h = app.hazard(&inspector, "huayanglu").await;
    let path = format!("/v1/hazards/{}", h["id"].as_str().unwrap());
    let etag = app.get(&path, &inspector).await.expect(200).header("etag").unwrap();
    let patch = |e: &str| json!({ "enterprise_id": e });
    let r = app.call_with(Method::PATCH, &path, Some(&inspector), Some(&patch(&there)), &[("If-Match", &etag)]).await;
    assert_eq!(r.problem(422, "validation_failed"), ["enterprise_id"]);
    let unchanged = app.get(&path, &inspector).await.expect(200);
    assert_eq!(unchanged.header("etag").as_deref(), Some(etag.as_str()), "nothing changed");
    assert_eq!(unchanged.body["enterprise_id"], serde_json::Value::Null);
    let ok = app.call_with(Method::PATCH, &path, Some(&inspector), Some(&patch(&here)), &[("If-Match", &etag)]).await;
    assert_eq!(ok.expect(200).body["enterprise_id"], json!(here));
}

#[tokio::test]
async fn enforcement_names_an_enterprise_of_the_hazards_street_only() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let (supervisor, _) = app.account("supervisor", None).await;
    let here = app.enterprise("huayanglu").await;
    let there = app.enterprise("hongqiao").await;
    let h = app.hazard(&inspector, "huayanglu").await;
    let path = format!("/v1/hazards/{}/enforcement-actions", h["id"].as_str().unwrap());
    let today = hazard_tests::date_in(&app, 0);
    let action =
        |e: &str| json!({"kind": "interview", "date": today, "department_code": "emergency", "enterprise_id": e});
    let r = app.post(&path, &supervisor, &action(&there)).await;
    assert_eq!(r.problem(422, "validation_failed"), ["enterprise_id"]);
    assert_eq!(app.get(&path, &supervisor).await.expect(200).body.as_array().unwrap().len(), 0);
    app.post(&path, &supervisor, &action(&here)).await.expect(201);
    assert_eq!(app.get(&path, &supervisor).await.expect(200).body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_tip_is_verified_against_an_enterprise_of_its_street_only() {
    let app = spawn_app().await;
    let (supervisor, _) = app.account("supervisor", None).await;
    let here = app.enterprise("tianshanlu").await;
    let there = app.enterprise("hongqiao").await;
    let anonymous = reqwest::Client::new();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let tip = json!({"description": "楼道里堆满了杂物，堵住了安全出口", "address": "天山路100号"});
        let r = anonymous.post(format!("{}/v1/public/tips", app.address)).json(&tip).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    let list = app.get("/v1/tips", &supervisor).await.expect(200).body;
    for t in list["items"].as_array().unwrap() {
        ids.push(t["id"].as_str().unwrap().to_owned());
    }
    let verify = |e: &str| {
        json!({"title": "安全出口堵塞", "sector": "industry_trade", "street_code": "tianshanlu", "grade": "general",
               "enterprise_id": e})
    };
    let r = app.post(&format!("/v1/tips/{}/verify", ids[0]), &supervisor, &verify(&there)).await;
    assert_eq!(r.problem(422, "validation_failed"), ["enterprise_id"]);
    let tip = app.get(&format!("/v1/tips/{}", ids[0]), &supervisor).await.expect(200).body;
    assert_eq!(tip["status"], "received", "the tip is untouched");
    let ok = app.post(&format!("/v1/tips/{}/verify", ids[1]), &supervisor, &verify(&here)).await.expect(200);
    assert_eq!(ok.body["status"], "verified");
}
