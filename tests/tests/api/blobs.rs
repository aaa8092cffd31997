//! Photos in the configured blob store (a folder, or an S3-compatible bucket when
//! `HAZARD_TEST_S3_ENDPOINT` is set, as in `.ci/run`): served by every replica, streamed
//! with their length, and orphans collected after the grace period.

use hazard_tests::{spawn_app, spawn_app_with, TestApp};

fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, seed]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn fetch(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.address)).bearer_auth(token).send().await.unwrap()
}

#[tokio::test]
async fn the_configured_store_is_the_one_in_use() {
    let app = spawn_app().await;
    let store = format!("{:?}", app.state.blobs);
    match std::env::var("HAZARD_TEST_S3_ENDPOINT") {
        Ok(_) => assert!(store.starts_with("S3BlobStore(s3://"), "{store}"),
        Err(_) => assert!(store.starts_with("LocalBlobStore"), "{store}"),
    }
}

/// A bucket that cannot be reached is a 503 with `Retry-After`, never a 500, so a phone
/// keeps the photo and sends it again; nothing is recorded meanwhile.
#[tokio::test]
async fn an_unreachable_bucket_asks_for_the_photo_again_later() {
    let app = spawn_app_with(|s| {
        s.blob_url = Some("s3://hazard-down/photos".into());
        s.s3_endpoint = Some("http://127.0.0.1:9".into()); // nothing listens there
        s.s3_access_key_id = Some("test".into());
        s.s3_secret_access_key = Some("test".into());
    })
    .await;
    let (token, _) = app.account("inspector", None).await;
    let hazard = app.hazard(&token, "huayanglu").await;
    let id = hazard["id"].as_str().unwrap();
    let r = app.upload(&token, id, "before", jpeg(640, 480, 9)).await;
    r.problem(503, "unavailable");
    assert!(r.header("retry-after").is_some(), "says when to try again");
    let photos = app.get(&format!("/v1/hazards/{id}/photos"), &token).await.expect(200).body;
    assert_eq!(photos.as_array().map(Vec::len), Some(0), "nothing recorded: {photos}");
}

#[tokio::test]
async fn a_photo_uploaded_through_one_replica_is_served_by_another() {
    let first = spawn_app().await;
    let second = first.replica().await;
    let (token, _) = first.account("inspector", None).await;
    let hazard = first.hazard(&token, "huayanglu").await;
    let bytes = jpeg(900, 700, 3);
    let photo = first.upload(&token, hazard["id"].as_str().unwrap(), "before", bytes.clone()).await.expect(201).body;
    let res = fetch(&second, &token, photo["url"].as_str().unwrap()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-length"], bytes.len().to_string().as_str(), "streamed with its length");
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[..]);
    // The thumbnail made through the second replica is stored for the first as well.
    let thumb = fetch(&second, &token, photo["thumb_url"].as_str().unwrap()).await;
    assert_eq!(thumb.status(), 200);
    let etag = thumb.headers()["etag"].to_str().unwrap().to_owned();
    let small = thumb.bytes().await.unwrap();
    let again = fetch(&first, &token, photo["thumb_url"].as_str().unwrap()).await;
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(again.bytes().await.unwrap(), small);
}

#[tokio::test]
async fn orphaned_blobs_are_collected_once_past_the_grace_period() {
    let app = spawn_app().await;
    let (token, _) = app.account("inspector", None).await;
    let hazard = app.hazard(&token, "huayanglu").await;
    let kept = jpeg(64, 64, 9);
    let photo = app.upload(&token, hazard["id"].as_str().unwrap(), "before", kept).await.expect(201).body;
    fetch(&app, &token, photo["thumb_url"].as_str().unwrap()).await.bytes().await.unwrap();
    // The bytes of an upload that never committed (a crash between the two steps).
    let orphan = jpeg(64, 64, 10);
    let orphan_key = hazard_infra::secrets::sha256_hex(&orphan);
    let state = app.state.clone();
    let collect = |state: hazard_api::state::AppState| async move {
        tokio::task::spawn_blocking(move || hazard_api::jobs::collect_orphans(&state).unwrap()).await.unwrap()
    };
    let (st, key) = (state.clone(), orphan_key.clone());
    tokio::task::spawn_blocking(move || st.blobs.put(&key, orphan.into()).unwrap()).await.unwrap();
    let young = collect(state.clone()).await;
    assert_eq!((young.seen, young.removed), (3, 0), "photo, thumbnail and the young orphan are all kept");
    app.clock.advance(chrono::Duration::hours(2));
    let old = collect(state.clone()).await;
    assert_eq!((old.seen, old.removed), (3, 1), "only the orphan goes");
    let (st, key) = (state.clone(), orphan_key.clone());
    assert!(tokio::task::spawn_blocking(move || st.blobs.get(&key).unwrap()).await.unwrap().is_none());
    assert_eq!(fetch(&app, &token, photo["url"].as_str().unwrap()).await.status(), 200);
    assert_eq!(fetch(&app, &token, photo["thumb_url"].as_str().unwrap()).await.status(), 200);
}
