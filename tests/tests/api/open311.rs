//! Open311 GeoReport v2, checked field by field against the specification, in JSON and XML.

use hazard_tests::{general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

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
    hazard_tests::Reply::checked("POST", path, res).await
}

const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

#[tokio::test]
async fn discovery_and_services_follow_the_spec() {
    let app = spawn_app().await;
    let d = get(&app, "/open311/v2/discovery.json").await.expect(200).body;
    let e = &d["endpoints"][0];
    assert_eq!(e["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert!(e["url"].as_str().unwrap().ends_with("/open311/v2"));
    assert_eq!(e["formats"], json!(["application/json", "text/xml"]));
    assert!(d["changeset"].is_string() && d["contact"].is_string() && d["key_service"].is_string());
    let x = get(&app, "/open311/v2/discovery.xml").await.expect(200);
    assert!(x.header("content-type").unwrap().starts_with("text/xml"));
    assert!(x.text.starts_with("<?xml") && x.text.contains("<discovery>") && x.text.contains("<endpoints><endpoint>"));
    assert!(x.text.contains("<format>text/xml</format>"));

    let services = get(&app, "/open311/v2/services.json").await.expect(200).body;
    let list = services.as_array().unwrap();
    assert_eq!(list.len(), 11, "one service per sector");
    let fire = list.iter().find(|s| s["service_code"] == "fire").unwrap();
    assert_eq!(fire["service_name"], "消防");
    assert_eq!(fire["metadata"], false);
    assert_eq!(fire["type"], "batch");
    for k in ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"] {
        assert!(fire.get(k).is_some(), "service has `{k}`");
    }
    let x = get(&app, "/open311/v2/services.xml").await.expect(200).text;
    assert!(x.contains("<services><service>") && x.contains("<service_code>fire</service_code>"));
    let def = get(&app, "/open311/v2/services/fire.json").await.expect(200).body;
    assert_eq!(def, json!({"service_code": "fire", "attributes": []}));
    let missing = get(&app, "/open311/v2/services/mining.json").await;
    assert_eq!(missing.status.as_u16(), 404);
    assert_eq!(missing.body[0]["code"], 404);
    assert!(missing.body[0]["description"].is_string());
    let missing_xml = get(&app, "/open311/v2/services/mining.xml").await;
    assert!(missing_xml.text.contains("<errors><error><code>404</code><description>"));
}

#[tokio::test]
async fn requests_are_redacted_filtered_and_in_the_district_time_zone() {
    let app = spawn_app().await;
    let (inspector, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    let a = app.hazard(&inspector, "huayanglu").await;
    let mut gas = general_hazard("hongqiao");
    gas["sector"] = json!("gas");
    let b = app.post("/v1/hazards", &inspector, &gas).await.expect(201).body;
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "李四",
                        "deadline": hazard_tests::date_in(&app, 7)});
    app.transition(&inspector, a["id"].as_str().unwrap(), assign).await.expect(200);
    app.transition(&sup, b["id"].as_str().unwrap(), json!({"action": "invalidate", "reason": "重复"}))
        .await
        .expect(200);
    let key = key(&app, &["cases:read"]).await;
    // Without a key: the spec's error format, 403.
    let r = get(&app, "/open311/v2/requests.json").await;
    assert_eq!(r.status.as_u16(), 403);
    assert_eq!(r.body[0]["code"], 403);
    let all = get(&app, &format!("/open311/v2/requests.json?api_key={key}")).await.expect(200).body;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    let ra = all.iter().find(|r| r["service_request_id"] == a["code"]).unwrap();
    let keys: Vec<_> = ra.as_object().unwrap().keys().cloned().collect();
    let mut expected: Vec<String> = REQUEST_FIELDS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(keys, expected, "exactly the spec's fields");
    assert_eq!(ra["status"], "open");
    assert_eq!(ra["service_code"], "fire");
    assert_eq!(ra["service_name"], "消防");
    assert_eq!(ra["agency_responsible"], "区应急局");
    assert!(ra["requested_datetime"].as_str().unwrap().ends_with("+08:00"), "ISO 8601 with the district's offset");
    let expected_dt = format!("{}T23:59:59+08:00", hazard_tests::date_in(&app, 7));
    assert_eq!(ra["expected_datetime"], expected_dt);
    assert_eq!(ra["lat"], 31.2205);
    assert!(!serde_json::to_string(ra).unwrap().contains("李四"), "no responsible person");
    let rb = all.iter().find(|r| r["service_request_id"] == b["code"]).unwrap();
    assert_eq!(rb["status"], "closed");
    // Filters.
    let open = get(&app, &format!("/open311/v2/requests.json?api_key={key}&status=open")).await.expect(200).body;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let gas_only =
        get(&app, &format!("/open311/v2/requests.json?api_key={key}&service_code=gas")).await.expect(200).body;
    assert_eq!(gas_only[0]["service_request_id"], b["code"]);
    let by_id = get(
        &app,
        &format!("/open311/v2/requests.json?api_key={key}&service_request_id={}", a["code"].as_str().unwrap()),
    )
    .await;
    assert_eq!(by_id.expect(200).body.as_array().unwrap().len(), 1);
    let future = get(&app, &format!("/open311/v2/requests.json?api_key={key}&start_date=2099-01-01T00:00:00Z"))
        .await
        .expect(200);
    assert_eq!(future.body.as_array().unwrap().len(), 0);
    let paged = get(&app, &format!("/open311/v2/requests.json?api_key={key}&page=2&page_size=1")).await.expect(200);
    assert_eq!(paged.body.as_array().unwrap().len(), 1);
    let bad = get(&app, &format!("/open311/v2/requests.json?api_key={key}&status=pending")).await;
    assert_eq!((bad.status.as_u16(), bad.body[0]["code"].clone()), (400, json!(400)));
    let bad_date = get(&app, &format!("/open311/v2/requests.json?api_key={key}&start_date=yesterday")).await;
    assert_eq!(bad_date.status.as_u16(), 400);
    // One request, JSON and XML; an unknown one is a 404 in the spec's format.
    let one = get(&app, &format!("/open311/v2/requests/{}.json?api_key={key}", a["code"].as_str().unwrap()))
        .await
        .expect(200)
        .body;
    assert_eq!(one.as_array().unwrap().len(), 1);
    let xml = get(&app, &format!("/open311/v2/requests/{}.xml?api_key={key}", a["code"].as_str().unwrap()))
        .await
        .expect(200)
        .text;
    assert!(
        xml.contains("<service_requests><request>")
            && xml.contains(&format!("<service_request_id>{}</service_request_id>", a["code"].as_str().unwrap()))
    );
    assert!(xml.contains("<address_id/>"));
    let none = get(&app, &format!("/open311/v2/requests/YH-1999-000001.json?api_key={key}")).await;
    assert_eq!(none.status.as_u16(), 404);
    get(&app, "/open311/v2/requests.yaml").await.expect(404);
}

#[tokio::test]
async fn a_posted_request_becomes_a_tip_and_then_a_request() {
    let app = spawn_app().await;
    let reader = key(&app, &["cases:read"]).await;
    let writer = key(&app, &["tips:create", "cases:read"]).await;
    let form = [
        ("api_key", writer.as_str()),
        ("service_code", "ebike"),
        ("lat", "31.215"),
        ("long", "121.401"),
        ("address_string", "长宁区天山路100弄"),
        ("description", "楼道里有电动车在充电"),
        ("first_name", "三"),
        ("last_name", "张"),
        ("phone", "13700000000"),
    ];
    let r = post_form(&app, "/open311/v2/requests.json", &form).await.expect(201);
    let token = r.body[0]["token"].as_str().unwrap().to_owned();
    assert!(r.body[0].get("service_notice").is_some() && r.body[0].get("account_id").is_some());
    let xml = post_form(&app, "/open311/v2/requests.xml", &form).await.expect(201).text;
    assert!(xml.contains("<service_requests><request><account_id/>") && xml.contains("<token>JB-"));
    // A key without tips:create, or none, is refused in the spec's format.
    let mut no_scope = form;
    no_scope[0] = ("api_key", reader.as_str());
    let refused = post_form(&app, "/open311/v2/requests.json", &no_scope).await;
    assert_eq!((refused.status.as_u16(), refused.body[0]["code"].clone()), (403, json!(403)));
    let mut missing = form;
    missing[1] = ("service_code", "");
    assert_eq!(post_form(&app, "/open311/v2/requests.json", &missing).await.status.as_u16(), 400);
    // The token has no request id until a supervisor verifies the tip.
    let t = get(&app, &format!("/open311/v2/tokens/{token}.json")).await.expect(200).body;
    assert_eq!(t[0]["service_request_id"], Value::Null);
    let (sup, _) = app.account("supervisor", None).await;
    let tips = app.get("/v1/tips", &sup).await.expect(200).body;
    let tip_id =
        tips["items"].as_array().unwrap().iter().find(|t| t["tracking_code"] == token.as_str()).unwrap()["id"].clone();
    let verify = json!({"title": "楼道电动车充电", "sector": "ebike", "street_code": "tianshanlu", "grade": "general"});
    app.post(&format!("/v1/tips/{}/verify", tip_id.as_str().unwrap()), &sup, &verify).await.expect(200);
    let t = get(&app, &format!("/open311/v2/tokens/{token}.json")).await.expect(200).body;
    let code = t[0]["service_request_id"].as_str().unwrap().to_owned();
    let req = get(&app, &format!("/open311/v2/requests/{code}.json?api_key={reader}")).await.expect(200).body;
    assert_eq!(req[0]["service_code"], "ebike");
    assert!(!serde_json::to_string(&req).unwrap().contains("13700000000"), "the reporter stays confidential");
}
