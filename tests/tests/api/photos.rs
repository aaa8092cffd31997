//! Photos: formats judged by bytes, limits, dedupe, serving, thumbnails, jurisdiction.

use hazard_tests::{spawn_app, PNG_1X1};
use reqwest::Method;

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn photos_are_stored_once_and_served_with_caching() {
    let app = spawn_app().await;
    let (token, user) = app.account("inspector", None).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    let bytes = jpeg(800, 600);
    let extra = [("taken_at", "2025-05-10T09:30:00+08:00"), ("latitude", "31.22"), ("longitude", "121.42")];
    let first = app.upload_with(&token, hid, "before", bytes.clone(), &extra).await.expect(201);
    let p = &first.body;
    assert_eq!(p["content_type"], "image/jpeg");
    assert_eq!((p["width"].clone(), p["height"].clone()), (800.into(), 600.into()));
    assert_eq!(p["kind"], "before");
    assert_eq!(p["uploaded_by"], user);
    assert_eq!(p["taken_at"], "2025-05-10T01:30:00Z");
    assert_eq!(p["size_bytes"], bytes.len());
    // The same bytes again: the same photo, not a second one.
    let again = app.upload(&token, hid, "before", bytes.clone()).await.expect(200);
    assert_eq!(again.body["id"], p["id"]);
    let list = app.get(&format!("/v1/hazards/{hid}/photos"), &token).await.expect(200).body;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // The bytes, with type, ETag and caching headers; conditional GET.
    let url = format!("{}{}", app.address, p["url"].as_str().unwrap());
    let res = app.client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("max-age"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[..]);
    let res = app.client.get(&url).bearer_auth(&token).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(res.status(), 304);
    // A thumbnail: a small JPEG, made once.
    let thumb = app.client.get(format!("{url}?size=thumb")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let small = thumb.bytes().await.unwrap();
    let decoded = image::load_from_memory(&small).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 240));
    let again = app.client.get(format!("{url}?size=thumb")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(again.bytes().await.unwrap(), small);
    // The upload is on the timeline and bumped the hazard's version.
    let now = app.get(&format!("/v1/hazards/{hid}"), &token).await.expect(200).body;
    assert_eq!(now["version"], 2);
    let events = app.get(&format!("/v1/hazards/{hid}/events"), &token).await.body;
    assert_eq!(events[1]["action"], "photo");
}

#[tokio::test]
async fn bad_uploads_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let (street, _) = app.account("inspector", Some("hongqiao")).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    // Text bytes with a .jpg name and an image/jpeg type are still text.
    let fake = app.upload(&token, hid, "after", b"this is not a photo at all".to_vec()).await;
    fake.problem(415, "unsupported_media_type");
    // Over the limit (the test server allows 512 KiB).
    let mut big = PNG_1X1.to_vec();
    big.resize(600 * 1024, 0);
    app.upload(&token, hid, "after", big).await.problem(413, "payload_too_large");
    let r = app.upload(&token, hid, "sideways", PNG_1X1.to_vec()).await;
    assert_eq!(r.problem(422, "validation_failed"), ["kind"]);
    let r = app.upload_with(&token, hid, "after", PNG_1X1.to_vec(), &[("latitude", "95"), ("longitude", "121")]).await;
    assert_eq!(r.problem(422, "validation_failed"), ["latitude"]);
    // Another street's hazard does not exist for this inspector.
    app.upload(&street, hid, "after", PNG_1X1.to_vec()).await.problem(404, "not_found");
    let list = app.get(&format!("/v1/hazards/{hid}/photos"), &token).await.expect(200).body;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing stored");
    assert_eq!(app.get(&format!("/v1/hazards/{hid}"), &token).await.body["version"], 1);
    // Photos of another street's hazard are not served either.
    let ok = app.upload(&token, hid, "after", PNG_1X1.to_vec()).await.expect(201).body;
    app.get(ok["url"].as_str().unwrap(), &street).await.problem(404, "not_found");
    app.get(&format!("/v1/photos/{}", uuid::Uuid::new_v4()), &token).await.problem(404, "not_found");
}

#[tokio::test]
async fn heic_and_webp_are_accepted_by_their_bytes() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0u8; 64]);
    let p = app.upload(&token, hid, "after", heic.clone()).await.expect(201).body;
    assert_eq!(p["content_type"], "image/heic");
    // No HEIC decoder here: the "thumbnail" is the original.
    let res = app
        .client
        .get(format!("{}{}", app.address, p["thumb_url"].as_str().unwrap()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/heic");
    let webp = b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0".to_vec();
    let p = app.upload(&token, hid, "document", webp).await.expect(201).body;
    assert_eq!(p["content_type"], "image/webp");
}

#[tokio::test]
async fn closed_hazards_take_no_more_photos_and_admins_none() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let h = app.hazard(&token, "huayanglu").await;
    let hid = h["id"].as_str().unwrap();
    app.evidence(&token, hid).await;
    app.transition(&token, hid, serde_json::json!({"action": "close_on_site", "note": "当场整改"})).await.expect(200);
    app.upload(&token, hid, "after", jpeg(10, 10)).await.problem(409, "invalid_transition");
    let admin = app.admin().await;
    app.upload(&admin, hid, "after", jpeg(10, 10)).await.problem(403, "forbidden");
    let r = app.call(Method::GET, &format!("/v1/hazards/{hid}/photos"), None, None).await;
    r.problem(401, "unauthorized");
}
