//! Open311 GeoReport v2 to the letter: what strict clients and parsers expect.

use hazard_tests::{general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

async fn key(app: &TestApp, scopes: &[&str]) -> String {
    let admin = app.admin().await;
    let r = app
        .post("/v1/clients", &admin, &json!({"name": "civic app", "scopes": scopes, "rate_limit_per_minute": 1000}))
        .await;
    r.expect(201).body["api_key"].as_str().unwrap().to_owned()
}

async fn get(app: &TestApp, path: &str) -> hazard_tests::Reply {
    app.call(Method::GET, path, None, None).await
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> hazard_tests::Reply {
    let res = app.client.post(format!("{}{path}", app.address)).form(form).send().await.unwrap();
    hazard_tests::Reply::checked("POST", path.split('?').next().unwrap(), res).await
}

fn seconds_with_offset(t: &str) -> bool {
    chrono::DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%:z").is_ok() && !t.contains('.')
}

#[tokio::test]
async fn filters_take_lists_and_empty_parameters_mean_absent() {
    let app = spawn_app().await;
    let reader = key(&app, &["cases:read"]).await;
    let (inspector, _) = app.account("inspector", None).await;
    app.hazard(&inspector, "huayanglu").await;
    let mut ebike = general_hazard("huayanglu");
    ebike["sector"] = json!("ebike");
    app.post("/v1/hazards", &inspector, &ebike).await.expect(201);
    let count = |path: String| {
        let app = &app;
        async move { get(app, &path).await.expect(200).body.as_array().unwrap().len() }
    };
    assert_eq!(count(format!("/open311/v2/requests.json?api_key={reader}&service_code=fire")).await, 1);
    assert_eq!(count(format!("/open311/v2/requests.json?api_key={reader}&service_code=fire,ebike")).await, 2);
    let empty = format!("/open311/v2/requests.json?api_key={reader}&start_date=&end_date=&status=&service_code=");
    assert_eq!(count(empty).await, 2);
    let far = get(&app, &format!("/open311/v2/requests.json?api_key={reader}&page=999999999")).await;
    assert_eq!((far.status.as_u16(), far.body[0]["code"].clone()), (400, json!(400)), "{}", far.text);
}

#[tokio::test]
async fn times_have_seconds_and_offset_and_a_closed_request_shows_its_closing_time() {
    let app = spawn_app().await;
    let reader = key(&app, &["cases:read"]).await;
    let (inspector, _) = app.account("inspector", None).await;
    let h = app.hazard(&inspector, "huayanglu").await;
    let id = h["id"].as_str().unwrap();
    app.evidence(&inspector, id).await;
    app.clock.advance(chrono::Duration::minutes(7));
    app.transition(&inspector, id, json!({"action": "close_on_site", "note": "当场清理"})).await.expect(200);
    let staff = app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body;
    let closed_at = chrono::DateTime::parse_from_rfc3339(staff["closed_at"].as_str().unwrap()).unwrap();
    let list = get(&app, &format!("/open311/v2/requests.json?api_key={reader}&status=closed")).await.expect(200).body;
    let r = &list[0];
    assert_eq!(r["status"], "closed");
    for field in ["requested_datetime", "updated_datetime"] {
        assert!(seconds_with_offset(r[field].as_str().unwrap()), "{field}: {}", r[field]);
    }
    let updated = chrono::DateTime::parse_from_rfc3339(r["updated_datetime"].as_str().unwrap()).unwrap();
    assert_eq!(updated.timestamp(), closed_at.timestamp());
}

#[tokio::test]
async fn posting_follows_the_spec_optional_description_query_key_long_text() {
    let app = spawn_app().await;
    let writer = key(&app, &["tips:create"]).await;
    let path = format!("/open311/v2/requests.json?api_key={writer}");
    let no_description = [("service_code", "ebike"), ("address_string", "长宁区天山路100弄")];
    post_form(&app, &path, &no_description).await.expect(201);
    let long = "楼".repeat(4000);
    let with_long =
        [("service_code", "ebike"), ("address_string", "长宁区天山路100弄"), ("description", long.as_str())];
    post_form(&app, &path, &with_long).await.expect(201);
    let nul = [("service_code", "ebike"), ("address_string", "长宁区\u{0}天山路")];
    let r = post_form(&app, &path, &nul).await;
    assert_eq!(r.status.as_u16(), 400, "{}", r.text);
    assert!(r.body[0]["description"].as_str().unwrap().contains("address_string"), "{}", r.text);
}

#[tokio::test]
async fn an_api_key_of_multi_byte_characters_is_a_403_not_a_crash() {
    let app = spawn_app().await;
    // Byte 12 (the stored key prefix) falls inside a two-byte character.
    let odd = "aÖÖÖÖÖÖÖÖÖÖÖÖ";
    let r = get(&app, &format!("/open311/v2/requests.json?api_key={odd}")).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (403, json!(403)), "{}", r.text);
    let form = [("service_code", "ebike"), ("address_string", "长宁区天山路100弄"), ("api_key", odd)];
    let r = post_form(&app, "/open311/v2/requests.xml", &form).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.text);
    assert!(r.text.contains("<errors><error><code>403</code>"), "{}", r.text);
    let (supervisor, _) = app.account("supervisor", None).await;
    let tips = app.get("/v1/tips", &supervisor).await.expect(200).body;
    assert_eq!(tips["items"].as_array().unwrap().len(), 0, "nothing was filed: {tips}");
}
