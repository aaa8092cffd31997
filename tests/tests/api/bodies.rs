//! Bodies that cost the server: slow ones time out, huge images are refused before they
//! decode, and anonymous tip photos are capped per tip and per address.

use std::time::{Duration, Instant};

use hazard_tests::{spawn_app_with, TestApp, PNG_1X1};
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn raw(app: &TestApp, head_and_body: &str) -> (String, Duration) {
    let addr = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(head_and_body.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(4), socket.read_to_end(&mut answer)).await;
    (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
}

#[tokio::test]
async fn a_stalled_body_gets_408_and_a_stalled_head_is_dropped() {
    let app = spawn_app_with(|s| {
        s.limits.body_idle_timeout_secs = 1;
        s.limits.request_head_timeout_ms = 1000;
    })
    .await;
    let stalled = "POST /v1/public/tips HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                   Content-Length: 1000\r\n\r\n{\"description\": \"";
    let (answer, took) = raw(&app, stalled).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?} after {took:?}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    let (answer, took) = raw(&app, "POST /v1/public/tips HTTP/1.1\r\nHost: x\r\n").await;
    assert!(took < Duration::from_secs(3), "the half-sent head was held {took:?}: {answer:?}");
    // The server still serves.
    app.call(Method::GET, "/healthz", None, None).await.expect(200);
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn images_over_the_pixel_limit_are_refused_before_decoding() {
    let app = spawn_app_with(|s| s.limits.max_image_pixels = 100_000).await;
    let (token, _) = app.account("inspector", None).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    // Tiny on the wire (a few KB), large once decoded.
    let r = app.upload(&token, hid, "before", png(500, 400)).await;
    assert_eq!(r.problem(422, "validation_failed"), ["file"]);
    app.upload(&token, hid, "before", png(300, 300)).await.expect(201);
}

async fn tip(app: &TestApp) -> (String, String) {
    let body = json!({"description": "仓库里堆放了大量易燃物品", "address": "长宁区天山路100弄",
                      "latitude": 31.215, "longitude": 121.401, "sector": "fire", "street_code": "tianshanlu"});
    let r = app.call(Method::POST, "/v1/public/tips", None, Some(&body)).await.expect(201);
    (r.body["tracking_code"].as_str().unwrap().to_owned(), r.body["secret"].as_str().unwrap().to_owned())
}

async fn tip_photo(app: &TestApp, code: &str, secret: &str, size: usize) -> hazard_tests::Reply {
    let mut bytes = PNG_1X1.to_vec();
    bytes.resize(size, 0);
    let part = reqwest::multipart::Part::bytes(bytes).file_name("x.png");
    let res = app
        .client
        .post(format!("{}/v1/public/tips/{code}/photos", app.address))
        .header("X-Tip-Secret", secret)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    hazard_tests::Reply::read(res).await
}

#[tokio::test]
async fn tip_photos_are_capped_per_tip_and_per_address_in_the_database() {
    let app = spawn_app_with(|s| {
        s.limits.tip_photos_per_tip = 2;
        s.limits.tip_photo_mb_per_hour = 1;
    })
    .await;
    let (code, secret) = tip(&app).await;
    tip_photo(&app, &code, &secret, 1000).await.expect(201);
    tip_photo(&app, &code, &secret, 1000).await.expect(201);
    tip_photo(&app, &code, &secret, 1000).await.problem(409, "too_many_photos");
    // A second replica on the same database keeps the same count.
    let mut settings = app.state.settings.as_ref().clone();
    settings.bind = "127.0.0.1:0".into();
    let clock = std::sync::Arc::new(app.clock.clone());
    let second = hazard_api::Application::build(settings, clock).await.unwrap();
    let other = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let part = reqwest::multipart::Part::bytes(PNG_1X1.to_vec()).file_name("x.png");
    let res = app
        .client
        .post(format!("{other}/v1/public/tips/{code}/photos"))
        .header("X-Tip-Secret", &secret)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    // Bytes per address per hour: 1 MiB here.
    let (c2, s2) = tip(&app).await;
    tip_photo(&app, &c2, &s2, 400 * 1024).await.expect(201);
    let (c3, s3) = tip(&app).await;
    tip_photo(&app, &c3, &s3, 400 * 1024).await.expect(201);
    let over = tip_photo(&app, &c3, &s3, 400 * 1024).await;
    over.problem(429, "rate_limited");
    assert!(over.header("retry-after").is_some());
    app.clock.advance(chrono::Duration::minutes(61));
    tip_photo(&app, &c3, &s3, 400 * 1024).await.expect(201);
}
