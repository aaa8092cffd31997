//! Fan-out keeps up: a backlog of events becomes deliveries in one pass of the worker,
//! a batch per transaction, each event exactly once even with two workers at it.

use hazard_tests::{spawn_app_with, TestApp};
use reqwest::Method;
use serde_json::json;

use super::{as_client, start_receiver, work, SECRET};

/// More events than one batch (200), as a burst of filings or an outage leaves behind.
const BACKLOG: usize = 450;

/// The one street the receiving client may see: events elsewhere have nobody to go to.
const STREET: &str = "huayanglu";

/// (events not yet fanned out, deliveries, events in `STREET`), counted in the database.
async fn counts(app: &TestApp) -> (i64, i64, i64) {
    app.on_database(|conn| {
        use diesel::prelude::*;
        use hazard_infra::schema::{outbox as o, webhook_deliveries as d};
        let left: i64 = o::table.filter(o::fanned_out.eq(false)).count().get_result(conn).expect("count");
        let deliveries: i64 = d::table.count().get_result(conn).expect("count");
        let in_street: i64 = o::table.filter(o::street_code.eq(STREET)).count().get_result(conn).expect("count");
        (left, deliveries, in_street)
    })
    .await
}

#[tokio::test]
async fn a_backlog_is_fanned_out_in_one_pass_each_event_once_with_two_workers() {
    let app = spawn_app_with(|s| {
        s.webhook_allow_http = true;
        s.webhook_allow_private = true;
    })
    .await;
    let (url, _rx) = start_receiver().await;
    let admin = app.admin().await;
    let client = json!({"name": "街道应用", "scopes": ["webhooks:manage", "cases:read"], "street_code": STREET});
    let key = app.post("/v1/clients", &admin, &client).await.expect(201).body["api_key"].as_str().unwrap().to_owned();
    as_client(
        &app,
        &key,
        Method::POST,
        "/v1/webhooks",
        Some(&json!({"url": url, "event_types": ["hazard.created"], "secret": SECRET})),
    )
    .await
    .expect(201);
    // Demo hazards are loaded with their `hazard.created` events, waiting in the outbox.
    app.demo_hazards(BACKLOG).await;
    let (queued, none, heard) = counts(&app).await;
    assert!(queued >= BACKLOG as i64 && none == 0, "{queued} {none}");
    assert!(heard > 0 && heard < queued, "a mix of events with and without receivers: {heard} of {queued}");
    // Two workers (two replicas) at the same backlog at once.
    let (a, b) = tokio::join!(work(&app), work(&app));
    assert_eq!((a.fanned_out + b.fanned_out) as i64, queued, "{a:?} {b:?}");
    assert_eq!(counts(&app).await, (0, heard, heard), "every event fanned out, a delivery each for those heard");
    let again = work(&app).await;
    assert_eq!(again.fanned_out, 0);
    assert_eq!(counts(&app).await, (0, heard, heard), "nothing fanned out twice");
}
