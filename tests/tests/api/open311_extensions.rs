//! Open311 beyond the base spec, and at its edges: a photo under `media`, public reads
//! where the district allows them, and malformed bodies answered in the spec's format.

use hazard_tests::{spawn_app, spawn_app_with, Reply, TestApp, PNG_1X1};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

async fn key(app: &TestApp, scopes: &[&str]) -> String {
    let admin = app.admin().await;
    let r = app
        .post("/v1/clients", &admin, &json!({"name": "street app", "scopes": scopes, "rate_limit_per_minute": 1000}))
        .await;
    r.expect(201).body["api_key"].as_str().unwrap().to_owned()
}

fn fields(form: Form) -> Form {
    form.text("service_code", "ebike")
        .text("address_string", "长宁区天山路100弄")
        .text("description", "楼道里有电动车在充电")
}

async fn post_multipart(app: &TestApp, path: &str, form: Form) -> Reply {
    let res = app.client.post(format!("{}{path}", app.address)).multipart(form).send().await.unwrap();
    Reply::checked("POST", path.split('?').next().unwrap(), res).await
}

async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let res = app.client.post(format!("{}{path}", app.address)).header("content-type", content_type).body(body);
    Reply::checked("POST", path.split('?').next().unwrap(), res.send().await.unwrap()).await
}

async fn tips(app: &TestApp) -> Vec<Value> {
    let (supervisor, _) = app.account("supervisor", None).await;
    app.get("/v1/tips", &supervisor).await.expect(200).body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_multipart_request_with_media_files_the_tip_with_its_photo() {
    let app = spawn_app().await;
    let writer = key(&app, &["tips:create"]).await;
    let path = format!("/open311/v2/requests.json?api_key={writer}");
    let photo = Part::bytes(PNG_1X1.to_vec()).file_name("hazard.png").mime_str("image/png").unwrap();
    let r = post_multipart(&app, &path, fields(Form::new()).part("media", photo)).await.expect(201);
    let token = r.body[0]["token"].as_str().unwrap().to_owned();
    let filed = tips(&app).await;
    assert_eq!(filed.len(), 1);
    assert_eq!((filed[0]["tracking_code"].as_str(), filed[0]["photos"].as_i64()), (Some(token.as_str()), Some(1)));
    // Verified into a hazard, the photo comes along.
    let (sup, _) = app.account("supervisor", None).await;
    let verify = json!({"title": "楼道电动车充电", "sector": "ebike", "street_code": "tianshanlu", "grade": "general"});
    let tip = filed[0]["id"].as_str().unwrap();
    let hazard = app.post(&format!("/v1/tips/{tip}/verify"), &sup, &verify).await.expect(200).body;
    let id = hazard["hazard_id"].as_str().unwrap();
    let photos = app.get(&format!("/v1/hazards/{id}/photos"), &sup).await.expect(200).body;
    assert_eq!(photos.as_array().unwrap().len(), 1, "{photos}");
    // Without media, a multipart form files a tip with no photo.
    post_multipart(&app, &path, fields(Form::new())).await.expect(201);
    assert_eq!(tips(&app).await.iter().filter(|t| t["photos"] == 0).count(), 1);
}

#[tokio::test]
async fn bad_media_and_unknown_parts_are_refused_in_the_spec_format_and_file_nothing() {
    let app = spawn_app().await;
    let writer = key(&app, &["tips:create"]).await;
    let json_path = format!("/open311/v2/requests.json?api_key={writer}");
    let not_image = Part::bytes(b"%PDF-1.4 not a photo".to_vec()).file_name("a.pdf");
    let r = post_multipart(&app, &json_path, fields(Form::new()).part("media", not_image)).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (415, json!(415)), "{}", r.text);
    assert!(r.body[0]["description"].as_str().unwrap().contains("media"), "{}", r.text);
    let xml_path = format!("/open311/v2/requests.xml?api_key={writer}");
    let r = post_multipart(&app, &xml_path, fields(Form::new()).text("favourite_colour", "red")).await;
    assert_eq!(r.status.as_u16(), 400, "{}", r.text);
    assert!(r.text.contains("<errors><error><code>400</code><description>favourite_colour"), "{}", r.text);
    let big = Part::bytes(vec![0xFF; 600 * 1024]).file_name("big.jpg");
    let r = post_multipart(&app, &json_path, fields(Form::new()).part("media", big)).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (413, json!(413)), "{}", r.text);
    assert!(tips(&app).await.is_empty(), "nothing was filed");
}

#[tokio::test]
async fn malformed_bodies_are_answered_in_the_spec_format() {
    let app = spawn_app().await;
    let writer = key(&app, &["tips:create"]).await;
    let xml_path = format!("/open311/v2/requests.xml?api_key={writer}");
    let form = "application/x-www-form-urlencoded";
    let r = post_raw(&app, &xml_path, form, b"service_code=ebike&address_string=\xff\xfe".to_vec()).await;
    assert_eq!(r.status.as_u16(), 400, "{}", r.text);
    assert!(r.header("content-type").unwrap().starts_with("text/xml"), "{:?}", r.header("content-type"));
    assert!(r.text.contains("<errors><error><code>400</code><description>the form is not UTF-8"), "{}", r.text);
    let json_path = format!("/open311/v2/requests.json?api_key={writer}");
    let r = post_raw(&app, &json_path, "application/json", br#"{"service_code":"ebike"}"#.to_vec()).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (415, json!(415)), "{}", r.text);
    let broken = b"--xyz\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nebike".to_vec();
    let r = post_raw(&app, &json_path, "multipart/form-data; boundary=xyz", broken).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (400, json!(400)), "{}", r.text);
    let r = post_raw(&app, &json_path, form, vec![b'a'; 65 * 1024]).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (413, json!(413)), "{}", r.text);
    assert!(tips(&app).await.is_empty(), "nothing was filed");
}

#[tokio::test]
async fn reads_without_a_key_need_the_district_to_publish_and_are_limited_per_address() {
    let closed = spawn_app().await;
    let (inspector, _) = closed.account("inspector", None).await;
    closed.hazard(&inspector, "huayanglu").await;
    let r = closed.call(Method::GET, "/open311/v2/requests.json", None, None).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (403, json!(403)), "off by default: {}", r.text);

    let open = spawn_app_with(|s| {
        s.limits.open311_public_read = true;
        s.limits.open311_public_reads_per_minute = 3;
    })
    .await;
    let (inspector, _) = open.account("inspector", None).await;
    let h = open.hazard(&inspector, "huayanglu").await;
    let code = h["code"].as_str().unwrap();
    let list = open.call(Method::GET, "/open311/v2/requests.json", None, None).await.expect(200).body;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["service_request_id"], code);
    let keyed = key(&open, &["cases:read"]).await;
    let with_key = open.call(Method::GET, &format!("/open311/v2/requests.json?api_key={keyed}"), None, None).await;
    assert_eq!(with_key.expect(200).body, list, "the same redacted view as a keyed reader's");
    let one = open.call(Method::GET, &format!("/open311/v2/requests/{code}.xml"), None, None).await.expect(200);
    assert!(one.text.contains(&format!("<service_request_id>{code}</service_request_id>")), "{}", one.text);
    open.call(Method::GET, "/open311/v2/requests.json", None, None).await.expect(200);
    // That third anonymous read this minute was the last one.
    let r = open.call(Method::GET, "/open311/v2/requests.json", None, None).await;
    assert_eq!((r.status.as_u16(), r.body[0]["code"].clone()), (429, json!(429)), "{}", r.text);
    assert!(r.header("retry-after").is_some());
    // A keyed reader has its own quota.
    open.call(Method::GET, &format!("/open311/v2/requests.json?api_key={keyed}"), None, None).await.expect(200);
    // An unknown key is still refused, not read as anonymous.
    let r = open.call(Method::GET, "/open311/v2/requests.json?api_key=hzk_not_a_real_key", None, None).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.text);
}
