//! Strict input: JSON of the wrong shape, control characters anywhere, wrong methods.

use hazard_tests::{general_hazard, spawn_app, ADMIN_PASSWORD};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_array_where_an_object_belongs_is_refused_not_read_by_position() {
    let app = spawn_app().await;
    let r = app.call(Method::POST, "/v1/auth/login", None, Some(&json!(["admin", ADMIN_PASSWORD]))).await;
    assert_eq!(r.problem(422, "validation_failed"), ["body"]);
    let admin = app.admin().await;
    let (_, id) = app.account("inspector", Some("huayanglu")).await;
    let path = format!("/v1/users/{id}");
    let r = app.call(Method::PATCH, &path, Some(&admin), Some(&json!(["Renamed"]))).await;
    assert_eq!(r.problem(422, "validation_failed"), ["body"]);
    assert_ne!(app.get(&path, &admin).await.expect(200).body["display_name"], "Renamed");
    // Nested objects too.
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let hazard = app.hazard(&inspector, "huayanglu").await;
    let body = json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "x",
                      "deadline": "2099-01-01", "rectification_plan": ["a", "b"]});
    let r = app.transition(&inspector, hazard["id"].as_str().unwrap(), body).await;
    assert_eq!(r.problem(422, "validation_failed"), ["rectification_plan"]);
}

#[tokio::test]
async fn wrong_types_and_unknown_enum_values_name_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let user = |role: serde_json::Value| json!({"username": "li.si", "password": "Long-enough-1", "display_name": "李四", "role": role});
    let r = app.post("/v1/users", &admin, &user(json!(5))).await;
    assert_eq!(r.problem(422, "validation_failed"), ["role"]);
    let r = app.post("/v1/users", &admin, &user(json!("king"))).await;
    assert_eq!(r.problem(422, "validation_failed"), ["role"]);
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let mut body = general_hazard("huayanglu");
    body["latitude"] = json!("31.22");
    let r = app.post("/v1/hazards", &inspector, &body).await;
    assert_eq!(r.problem(422, "validation_failed"), ["latitude"]);
    // Bytes that are not JSON at all stay a 400.
    let r = app
        .call_with(Method::POST, "/v1/hazards", Some(&inspector), None, &[("content-type", "application/json")])
        .await;
    r.problem(400, "malformed_json");
}

#[tokio::test]
async fn control_characters_are_refused_everywhere_naming_the_field() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", Some("huayanglu")).await;
    let mut body = general_hazard("huayanglu");
    body["title"] = json!("堆放\u{0}杂物");
    let r = app.post("/v1/hazards", &inspector, &body).await;
    assert_eq!(r.problem(422, "validation_failed"), ["title"]);
    body["title"] = json!("堆放杂物");
    body["address"] = json!("长宁路\u{1b}[31m1号");
    assert_eq!(app.post("/v1/hazards", &inspector, &body).await.problem(422, "validation_failed"), ["address"]);
    let listed = app.get("/v1/hazards", &inspector).await.expect(200).body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0, "nothing was filed");
    // Tab, CR and LF are text.
    body["address"] = json!("长宁路1号");
    body["description"] = json!("第一行\r\n第二行\t完");
    app.post("/v1/hazards", &inspector, &body).await.expect(201);
    // Query parameters and path segments.
    let r = app.get("/v1/hazards?q=a%00b", &inspector).await;
    assert_eq!(r.problem(422, "validation_failed"), ["q"]);
    let r = app.call(Method::GET, "/v1/public/tips/AB%00CD", None, None).await;
    assert_eq!(r.problem(422, "validation_failed"), ["path"]);
    let r = app.call(Method::GET, "/open311/v2/requests.json?status=open%01", None, None).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.body[0]["code"], 400, "{}", r.text);
    assert!(r.body[0]["description"].as_str().unwrap().starts_with("status:"), "{}", r.text);
}

#[tokio::test]
async fn a_method_the_path_lacks_is_405_with_allow() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = app.call(Method::DELETE, "/v1/hazards", Some(&admin), None).await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow").as_deref(), Some("GET, POST"));
    let r = app.call(Method::PUT, "/v1/users/0190b6c2-0000-7000-8000-000000000000", Some(&admin), None).await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow").as_deref(), Some("GET, PATCH"));
    app.call(Method::GET, "/v1/no-such-thing", Some(&admin), None).await.problem(404, "not_found");
}
