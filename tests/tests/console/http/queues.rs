//! The tip queue and the hazard list pages (cursor and filters).

use hazard_tests::{spawn_app, PASSWORD};
use serde_json::json;

use crate::helpers::{user, Browser};

#[tokio::test]
async fn supervisors_review_tips_in_the_queue() {
    let app = spawn_app().await;
    let tip = |text: &str| {
        json!({"description": text, "address": "长宁区天山路100弄", "sector": "ebike", "street_code": "tianshanlu",
               "contact_name": "王先生", "contact_phone": "13900000000"})
    };
    let filed = app
        .call(reqwest::Method::POST, "/v1/public/tips", None, Some(&tip("地下车库有人给电动车充电，飞线很多")))
        .await
        .expect(201)
        .body;
    let (code, secret) = (filed["tracking_code"].as_str().unwrap(), filed["secret"].as_str().unwrap());
    let part = reqwest::multipart::Part::bytes(hazard_tests::PNG_1X1.to_vec())
        .file_name("p.png")
        .mime_str("image/png")
        .unwrap();
    let sent = app
        .client
        .post(format!("{}/v1/public/tips/{code}/photos", app.address))
        .header("X-Tip-Secret", secret)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    app.call(reqwest::Method::POST, "/v1/public/tips", None, Some(&tip("楼道堆放杂物"))).await.expect(201);
    let (name, token) = user(&app, "supervisor", None).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let queue = b.get("/console/tips").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert!(queue.body.contains("飞线很多") && queue.body.contains("楼道堆放杂物"));
    assert!(!queue.body.contains("13900000000") && !queue.body.contains("王先生"), "the reporter stays confidential");
    let tips = app.get("/v1/tips?status=received", &token).await.expect(200).body;
    let id_of = |text: &str| {
        tips["items"].as_array().unwrap().iter().find(|t| t["description"].as_str().unwrap().contains(text)).unwrap()
            ["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (charging, clutter) = (id_of("飞线"), id_of("杂物"));
    // The tip's photo is shown to those who may review it, and to nobody else.
    let img = queue
        .body
        .split(&format!("src=\"/console/tips/{charging}/photos/"))
        .nth(1)
        .expect("a photo")
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let photo = b.get(&format!("/console/tips/{charging}/photos/{img}")).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.header("content-type").as_deref(), Some("image/png"));
    let (elsewhere, _) = user(&app, "supervisor", Some("huayanglu")).await;
    let mut other = Browser::new(&app);
    other.sign_in(&elsewhere, PASSWORD).await;
    assert_eq!(other.get(&format!("/console/tips/{charging}/photos/{img}")).await.status, 404);
    assert!(
        !other.get("/console/tips").await.body.contains("飞线很多"),
        "a street supervisor sees their street's tips"
    );
    let csrf = queue.csrf();
    let blank = b.post(&format!("/console/tips/{clutter}/reject"), &[("csrf", &csrf), ("reason", " ")]).await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    assert!(blank.body.contains("field-error"));
    assert_eq!(app.get(&format!("/v1/tips/{clutter}"), &token).await.body["status"], "received");
    let rejected =
        b.post(&format!("/console/tips/{clutter}/reject"), &[("csrf", &csrf), ("reason", "现场核查不属实")]).await;
    assert_eq!(rejected.status, 303);
    assert_eq!(app.get(&format!("/v1/tips/{clutter}"), &token).await.body["status"], "rejected");
    let verified = b
        .post(
            &format!("/console/tips/{charging}/verify"),
            &[
                ("csrf", &csrf),
                ("title", "地下车库电动车违规充电"),
                ("sector", "ebike"),
                ("street_code", "tianshanlu"),
                ("grade", "general"),
                ("criterion_code", ""),
            ],
        )
        .await;
    assert_eq!(verified.status, 303, "{}", verified.body);
    let tip_now = app.get(&format!("/v1/tips/{charging}"), &token).await.body;
    assert_eq!(tip_now["status"], "verified");
    let hazard =
        app.get(&format!("/v1/hazards/{}", tip_now["hazard_id"].as_str().unwrap()), &token).await.expect(200).body;
    assert_eq!(hazard["source"], "public_tip");
    let reward = b
        .post(&format!("/console/tips/{charging}/reward"), &[("csrf", &csrf), ("amount", "500"), ("status", "granted")])
        .await;
    assert_eq!(reward.status, 303, "{}", reward.body);
    let tip_now = app.get(&format!("/v1/tips/{charging}"), &token).await.body;
    assert_eq!((tip_now["reward_status"].as_str(), tip_now["reward_amount"].as_f64()), (Some("granted"), Some(500.0)));
    let verified_tab = b.get("/console/tips?status=verified").await;
    assert!(verified_tab.body.contains("已发放 500 元"));
}

#[tokio::test]
async fn the_list_pages_with_the_api_cursor_and_filters() {
    let app = spawn_app().await;
    let (_, inspector) = user(&app, "inspector", None).await;
    for _ in 0..27 {
        app.hazard(&inspector, "jiangsulu").await;
    }
    app.hazard(&inspector, "huayanglu").await;
    let (name, _) = user(&app, "supervisor", None).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let first = b.get("/console/hazards?street=jiangsulu&status=&q=").await;
    assert_eq!(first.status, 200);
    let rows = |body: &str| body.matches("class=\"hazard-link\"").count();
    assert_eq!(rows(&first.body), 25);
    assert!(!first.body.contains("华阳路街道</td>"));
    let next = crate::helpers::html_unescape(
        first
            .body
            .split("id=\"next-page\"")
            .next()
            .unwrap()
            .rsplit("href=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap(),
    );
    assert!(next.contains("street=jiangsulu") && next.contains("cursor="), "{next}");
    let second = b.get(&next).await;
    assert_eq!(rows(&second.body), 2, "{next}");
    assert!(!second.body.contains("id=\"next-page\""));
    // A bad filter is a clear 400 page, not a crash.
    let bad = b.get("/console/hazards?status=nonsense").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("请求有误"));
    let bad_cursor = b.get("/console/hazards?cursor=%%%").await;
    assert_eq!(bad_cursor.status, 400);
}
