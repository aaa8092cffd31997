//! Public tip-offs: anonymous filing, status with a secret, verification into a hazard,
//! rewards, rate limits, and the reporter's privacy.

use hazard_tests::{spawn_app, spawn_app_with, PNG_1X1};
use reqwest::Method;
use serde_json::json;

const PHONE: &str = "13912345678";

#[tokio::test]
async fn a_tip_is_verified_into_a_hazard_and_rewarded_without_leaking_the_reporter() {
    let app = spawn_app().await;
    let mut transcript = String::new();
    let tip = json!({"description": "小区地下车库有人给电动车充电，飞线很多", "address": "长宁区天山路100弄",
                     "latitude": 31.215, "longitude": 121.401, "sector": "ebike", "street_code": "tianshanlu",
                     "contact_name": "王先生", "contact_phone": PHONE});
    let receipt = app.call(Method::POST, "/v1/public/tips", None, Some(&tip)).await.expect(201);
    transcript.push_str(&receipt.text);
    let code = receipt.body["tracking_code"].as_str().unwrap().to_owned();
    let secret = receipt.body["secret"].as_str().unwrap().to_owned();
    // A photo from the reporter.
    let part = reqwest::multipart::Part::bytes(PNG_1X1.to_vec()).file_name("x.png");
    let res = app
        .client
        .post(format!("{}/v1/public/tips/{code}/photos", app.address))
        .header("X-Tip-Secret", &secret)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let status =
        app.call_with(Method::GET, &format!("/v1/public/tips/{code}"), None, None, &[("X-Tip-Secret", &secret)]).await;
    transcript.push_str(&status.text);
    assert_eq!(status.expect(200).body["status"], "received");
    // Supervisors see the tip, never who sent it.
    let (sup, _) = app.account("supervisor", None).await;
    let list = app.get("/v1/tips?status=received", &sup).await.expect(200);
    transcript.push_str(&list.text);
    let tip_id = list.body["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list.body["items"][0]["photos"], 1);
    let one = app.get(&format!("/v1/tips/{tip_id}"), &sup).await.expect(200);
    transcript.push_str(&one.text);
    app.get(&format!("/v1/tips/{tip_id}/reporter"), &sup).await.problem(403, "forbidden");
    // Verified into a hazard with source public_tip, carrying the photo.
    let verify =
        json!({"title": "地下车库电动车违规充电", "sector": "ebike", "street_code": "tianshanlu", "grade": "general"});
    let verified = app.post(&format!("/v1/tips/{tip_id}/verify"), &sup, &verify).await.expect(200);
    transcript.push_str(&verified.text);
    let hid = verified.body["hazard_id"].as_str().unwrap().to_owned();
    let hazard = app.get(&format!("/v1/hazards/{hid}"), &sup).await.expect(200);
    transcript.push_str(&hazard.text);
    assert_eq!(hazard.body["source"], "public_tip");
    let photos = app.get(&format!("/v1/hazards/{hid}/photos"), &sup).await.expect(200);
    transcript.push_str(&photos.text);
    assert_eq!(photos.body.as_array().unwrap().len(), 1);
    let events = app.get(&format!("/v1/hazards/{hid}/events"), &sup).await.expect(200);
    transcript.push_str(&events.text);
    app.post(&format!("/v1/tips/{tip_id}/verify"), &sup, &verify).await.problem(409, "invalid_transition");
    // Rewarded: pending, then granted.
    let r = app.post(&format!("/v1/tips/{tip_id}/reward"), &sup, &json!({"amount": 500.0})).await.expect(200);
    transcript.push_str(&r.text);
    assert_eq!(r.body["reward_status"], "pending");
    let r = app
        .post(&format!("/v1/tips/{tip_id}/reward"), &sup, &json!({"amount": 500.0, "status": "granted"}))
        .await
        .expect(200);
    transcript.push_str(&r.text);
    let status =
        app.call_with(Method::GET, &format!("/v1/public/tips/{code}"), None, None, &[("X-Tip-Secret", &secret)]).await;
    transcript.push_str(&status.text);
    assert_eq!(
        (status.body["status"].clone(), status.body["reward_status"].clone()),
        (json!("verified"), json!("granted"))
    );
    // Lists, syncs and figures of everyone else.
    for path in ["/v1/hazards", "/v1/sync/hazards", "/v1/supervisions", "/v1/tips"] {
        transcript.push_str(&app.get(path, &sup).await.expect(200).text);
    }
    let kpis = app.get(&format!("/v1/stats/kpis?from=2020-01-01&to={}", hazard_tests::date_in(&app, 0)), &sup).await;
    transcript.push_str(&kpis.expect(200).text);
    // The whole journey never showed the phone number (or the name).
    assert!(!transcript.contains(PHONE), "the reporter's phone leaked");
    assert!(!transcript.contains("王先生"), "the reporter's name leaked");
    // Administrators may see it, for the reward.
    let admin = app.admin().await;
    let who = app.get(&format!("/v1/tips/{tip_id}/reporter"), &admin).await.expect(200);
    assert_eq!(who.body["phone"], PHONE);
}

#[tokio::test]
async fn the_tip_status_needs_the_right_secret() {
    let app = spawn_app().await;
    let tip = json!({"description": "楼道堆放大量纸箱", "address": "长宁区某小区3号楼"});
    let receipt = app.call(Method::POST, "/v1/public/tips", None, Some(&tip)).await.expect(201).body;
    let code = receipt["tracking_code"].as_str().unwrap();
    let path = format!("/v1/public/tips/{code}");
    let wrong = app.call_with(Method::GET, &path, None, None, &[("X-Tip-Secret", "guess")]).await;
    wrong.problem(404, "not_found");
    let unknown =
        app.call_with(Method::GET, "/v1/public/tips/JB-AAAAAAAAAA", None, None, &[("X-Tip-Secret", "guess")]).await;
    unknown.problem(404, "not_found");
    assert_eq!(wrong.body["detail"], unknown.body["detail"], "a wrong secret looks like an unknown code");
    app.call(Method::GET, &path, None, None).await.problem(404, "not_found");
}

#[tokio::test]
async fn tips_are_validated_and_rate_limited_per_address() {
    let app = spawn_app_with(|s| s.tips_per_hour = 2).await;
    let bad = [
        (json!({"description": "短", "address": "x"}), "description"),
        (json!({"description": "没有地点的举报内容"}), "address"),
        (json!({"description": "坐标超出范围的举报", "latitude": 100.0, "longitude": 121.0}), "latitude"),
        (json!({"description": "未知街道的举报内容", "address": "x", "street_code": "atlantis"}), "street_code"),
        (json!({"description": "多余字段的举报内容", "address": "x", "reporter_id": 1}), "reporter_id"),
    ];
    for (body, field) in bad {
        let r = app.call(Method::POST, "/v1/public/tips", None, Some(&body)).await;
        assert_eq!(r.problem(422, "validation_failed"), [field], "{}", r.text);
    }
    let ok = json!({"description": "工地脚手架没有防护网", "address": "长宁区某工地"});
    app.call(Method::POST, "/v1/public/tips", None, Some(&ok)).await.expect(201);
    app.call(Method::POST, "/v1/public/tips", None, Some(&ok)).await.expect(201);
    let limited = app.call(Method::POST, "/v1/public/tips", None, Some(&ok)).await;
    limited.problem(429, "rate_limited");
    assert!(limited.header("retry-after").is_some());
    app.clock.advance(chrono::Duration::minutes(61));
    app.call(Method::POST, "/v1/public/tips", None, Some(&ok)).await.expect(201);
}

#[tokio::test]
async fn rejected_tips_earn_nothing_and_only_supervisors_handle_tips() {
    let app = spawn_app().await;
    let tip = json!({"description": "餐馆后厨煤气味很重", "address": "长宁区某路1号", "street_code": "hongqiao"});
    app.call(Method::POST, "/v1/public/tips", None, Some(&tip)).await.expect(201);
    let (sup, _) = app.account("supervisor", None).await;
    let (inspector, _) = app.account("inspector", None).await;
    let (other_street, _) = app.account("supervisor", Some("huayanglu")).await;
    app.get("/v1/tips", &inspector).await.problem(403, "forbidden");
    let other = app.get("/v1/tips", &other_street).await.expect(200).body;
    assert_eq!(other["items"].as_array().unwrap().len(), 0, "another street's tips are not listed");
    let id = app.get("/v1/tips", &sup).await.body["items"][0]["id"].as_str().unwrap().to_owned();
    app.post(&format!("/v1/tips/{id}/reject"), &other_street, &json!({"reason": "x"})).await.problem(404, "not_found");
    app.post(&format!("/v1/tips/{id}/reward"), &sup, &json!({"amount": 100.0}))
        .await
        .problem(409, "invalid_transition");
    let r =
        app.post(&format!("/v1/tips/{id}/reject"), &sup, &json!({"reason": "现场核查无燃气泄漏"})).await.expect(200);
    assert_eq!(r.body["status"], "rejected");
    app.post(&format!("/v1/tips/{id}/reward"), &sup, &json!({"amount": 100.0}))
        .await
        .problem(409, "invalid_transition");
}
