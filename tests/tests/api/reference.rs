//! Reference data: seeded on first start, readable by all, extended by admins.

use hazard_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn changning_reference_data_is_seeded() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let streets = app.get("/v1/streets", &token).await.expect(200).body;
    let names: Vec<_> = streets.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 10);
    for n in [
        "华阳路街道",
        "江苏路街道",
        "新华路街道",
        "周家桥街道",
        "天山路街道",
        "仙霞新村街道",
        "虹桥街道",
        "程家桥街道",
        "北新泾街道",
        "新泾镇",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    let sectors = app.get("/v1/sectors", &token).await.expect(200).body;
    assert_eq!(sectors.as_array().unwrap().len(), 11);
    let departments = app.get("/v1/departments", &token).await.expect(200).body;
    assert!(departments.as_array().unwrap().iter().any(|d| d["name"] == "区应急局"));
    let criteria = app.get("/v1/criteria", &token).await.expect(200).body;
    assert!(criteria.as_array().unwrap().len() >= 30);
    let fire = app.get("/v1/criteria?sector=fire", &token).await.expect(200).body;
    let fire = fire.as_array().unwrap();
    assert!(
        !fire.is_empty()
            && fire.iter().all(|c| c["sector"] == "fire" && c["source"].as_str().is_some_and(|s| !s.is_empty()))
    );
}

#[tokio::test]
async fn reference_data_needs_a_sign_in() {
    let app = spawn_app().await;
    let r = app.call(reqwest::Method::GET, "/v1/streets", None, None).await;
    r.problem(401, "unauthorized");
}

#[tokio::test]
async fn admins_extend_reference_data() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.post("/v1/streets", &admin, &json!({"code": "test_street", "name": "测试街道"})).await.expect(201);
    app.post("/v1/streets", &admin, &json!({"code": "test_street", "name": "again"})).await.problem(409, "conflict");
    app.post("/v1/departments", &admin, &json!({"code": "test_dept", "name": "测试局"})).await.expect(201);
    app.post("/v1/sectors", &admin, &json!({"code": "test_sector", "name": "测试行业"})).await.expect(201);
    let criterion = json!({"code": "TEST-01", "sector": "test_sector", "text": "测试条款", "source": "测试标准"});
    app.post("/v1/criteria", &admin, &criterion).await.expect(201);
    let r = app
        .post("/v1/criteria", &admin, &json!({"code": "TEST-02", "sector": "nope", "text": "x", "source": "y"}))
        .await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["sector"]);
    let r = app.post("/v1/streets", &admin, &json!({"code": "Bad Code", "name": "x"})).await;
    assert_eq!(r.problem(422, "validation_failed"), vec!["code"]);
    let listed = app.get("/v1/criteria?sector=test_sector", &admin).await.expect(200).body;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (inspector, _) = app.account("inspector", None).await;
    app.post("/v1/streets", &inspector, &json!({"code": "x", "name": "x"})).await.problem(403, "forbidden");
}
