//! Enterprises: USCC rules, priority lists, figures, and who sees what.

use hazard_tests::{general_hazard, spawn_app};
use reqwest::Method;
use serde_json::json;

/// Valid USCCs (check characters computed with GB 32100-2015).
const USCC_A: &str = "91350100M000100Y43";
const USCC_B: &str = "91440300708461136T";

fn enterprise(uscc: &str, street: &str, class: &str) -> serde_json::Value {
    json!({"name": format!("长宁{class}类企业"), "uscc": uscc, "street_code": street, "sector": "industry_trade",
           "address": "长宁区测试路8号", "risk_class": class})
}

#[tokio::test]
async fn enterprises_are_registered_with_a_checked_unique_uscc() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("zhoujiaqiao")).await;
    let r = app.post("/v1/enterprises", &inspector, &enterprise(USCC_A, "zhoujiaqiao", "D")).await.expect(201);
    assert_eq!(r.body["uscc"], USCC_A);
    assert_eq!(r.body["priority"], true);
    assert_eq!(r.body["open_hazards"], 0);
    assert_eq!(r.body["last_inspected_at"], serde_json::Value::Null);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.header("location"), Some(format!("/v1/enterprises/{id}")));
    // A wrong check character names the field.
    let wrong = app.post("/v1/enterprises", &inspector, &enterprise("91350100M000100Y44", "zhoujiaqiao", "A")).await;
    assert_eq!(wrong.problem(422, "validation_failed"), ["uscc"]);
    // Lower case is the same code: a duplicate.
    let dup = app.post("/v1/enterprises", &inspector, &enterprise(&USCC_A.to_lowercase(), "zhoujiaqiao", "A")).await;
    dup.problem(409, "conflict");
    // Another street is not this inspector's to register.
    app.post("/v1/enterprises", &inspector, &enterprise(USCC_B, "hongqiao", "A")).await.problem(403, "forbidden");
    let list = app.get("/v1/enterprises", &inspector).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // Editing: a new class moves it off the priority list.
    let r = app
        .call(Method::PATCH, &format!("/v1/enterprises/{id}"), Some(&inspector), Some(&json!({"risk_class": "B"})))
        .await
        .expect(200);
    assert_eq!((r.body["risk_class"].clone(), r.body["priority"].clone()), (json!("B"), json!(false)));
    let r = app
        .call(Method::PATCH, &format!("/v1/enterprises/{id}"), Some(&inspector), Some(&json!({"uscc": "123"})))
        .await;
    assert_eq!(r.problem(422, "validation_failed"), ["uscc"]);
}

#[tokio::test]
async fn lists_filter_by_priority_street_and_text_and_show_figures() {
    let app = spawn_app().await;
    let (sup, _) = app.account("supervisor", None).await;
    let (inspector, _) = app.account("inspector", None).await;
    let d = app.post("/v1/enterprises", &sup, &enterprise(USCC_A, "zhoujiaqiao", "D")).await.expect(201).body;
    app.post("/v1/enterprises", &sup, &enterprise(USCC_B, "hongqiao", "A")).await.expect(201);
    let ids = |v: serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|e| e["uscc"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids(app.get("/v1/enterprises?priority=true", &sup).await.body), [USCC_A]);
    assert_eq!(ids(app.get("/v1/enterprises?risk_class=A", &sup).await.body), [USCC_B]);
    assert_eq!(ids(app.get("/v1/enterprises?street=hongqiao", &sup).await.body), [USCC_B]);
    assert_eq!(ids(app.get("/v1/enterprises?q=9144", &sup).await.body), [USCC_B]);
    assert_eq!(ids(app.get("/v1/enterprises?limit=1", &sup).await.body).len(), 1);
    app.get("/v1/enterprises?risk_class=E", &sup).await.problem(400, "validation_failed");
    app.get("/v1/enterprises?cursor=zzz", &sup).await.problem(400, "validation_failed");
    // Figures: open hazards and the last finished inspection.
    let eid = d["id"].as_str().unwrap();
    let mut h = general_hazard("zhoujiaqiao");
    h["enterprise_id"] = json!(eid);
    app.post("/v1/hazards", &inspector, &h).await.expect(201);
    let ins = app
        .post(
            "/v1/inspections",
            &inspector,
            &json!({"kind": "routine", "enterprise_id": eid, "street_code": "zhoujiaqiao"}),
        )
        .await
        .expect(201)
        .body;
    app.post(&format!("/v1/inspections/{}/finish", ins["id"].as_str().unwrap()), &inspector, &json!({}))
        .await
        .expect(200);
    let got = app.get(&format!("/v1/enterprises/{eid}"), &sup).await.expect(200).body;
    assert_eq!(got["open_hazards"], 1);
    assert!(got["last_inspected_at"].is_string());
}

#[tokio::test]
async fn enterprise_accounts_see_only_themselves() {
    let app = spawn_app().await;
    let (sup, _) = app.account("supervisor", None).await;
    let mine = app.post("/v1/enterprises", &sup, &enterprise(USCC_A, "zhoujiaqiao", "C")).await.expect(201).body;
    let other = app.post("/v1/enterprises", &sup, &enterprise(USCC_B, "zhoujiaqiao", "C")).await.expect(201).body;
    let (ent, _) = app.account_for("enterprise", None, mine["id"].as_str()).await;
    let list = app.get("/v1/enterprises", &ent).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    app.get(&format!("/v1/enterprises/{}", other["id"].as_str().unwrap()), &ent).await.problem(404, "not_found");
    app.post("/v1/enterprises", &ent, &enterprise("91110000100003962Y", "zhoujiaqiao", "A"))
        .await
        .problem(403, "forbidden");
    // An enterprise account reading another enterprise's hazard: 404.
    let mut h = general_hazard("zhoujiaqiao");
    h["enterprise_id"] = other["id"].clone();
    let theirs = app.post("/v1/hazards", &sup, &h).await.expect(201).body;
    app.get(&format!("/v1/hazards/{}", theirs["id"].as_str().unwrap()), &ent).await.problem(404, "not_found");
    app.get(&format!("/v1/hazards/{}/photos", theirs["id"].as_str().unwrap()), &ent).await.problem(404, "not_found");
}
