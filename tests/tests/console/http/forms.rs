//! Scope and forms: a street account's view, stale pages, problems by field, and the
//! supervision and enforcement forms under the API's rules.

use hazard_tests::{spawn_app, PASSWORD};
use serde_json::json;

use crate::helpers::{pending_review, user, Browser};

#[tokio::test]
async fn a_street_account_sees_only_its_street_in_the_list_the_map_and_the_hazard_pages() {
    let app = spawn_app().await;
    let (_, district) = user(&app, "inspector", None).await;
    let mine = app.hazard(&district, "huayanglu").await["id"].as_str().unwrap().to_owned();
    let theirs = app.hazard(&district, "tianshanlu").await["id"].as_str().unwrap().to_owned();
    let (name, _) = user(&app, "inspector", Some("huayanglu")).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let list = b.get("/console/hazards").await;
    assert!(list.body.contains(&mine) && !list.body.contains(&theirs), "{}", list.body);
    // Asking for the other street shows nothing of it.
    let other = b.get("/console/hazards?street=tianshanlu").await;
    assert!(!other.body.contains(&theirs));
    let markers: serde_json::Value = serde_json::from_str(&b.get("/console/map/hazards.json").await.body).unwrap();
    let ids: Vec<&str> = markers.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![mine.as_str()]);
    assert_eq!(b.get(&format!("/console/hazards/{theirs}")).await.status, 404);
    assert_eq!(b.get(&format!("/console/hazards/{mine}")).await.status, 200);
    // The figures are the street's own; another street's are refused.
    assert_eq!(b.get("/console/?street=tianshanlu").await.status, 403);
    let own = b.get("/console/").await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("华阳路街道"));
    // Pages a role does not have are refused, and not offered in the navigation.
    assert!(!own.body.contains("href=\"/console/board\"") && !own.body.contains("href=\"/console/admin\""));
    assert_eq!(b.get("/console/board").await.status, 403);
    assert_eq!(b.get("/console/tips").await.status, 403);
    assert_eq!(b.get("/console/admin").await.status, 403);
}

#[tokio::test]
async fn a_stale_page_is_refused_with_a_reload_message_and_problems_are_shown_by_their_field() {
    let app = spawn_app().await;
    let (_, inspector) = user(&app, "inspector", None).await;
    let (name, supervisor_token) = user(&app, "supervisor", None).await;
    let id = pending_review(&app, &inspector, "huayanglu").await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let page = b.get(&format!("/console/hazards/{id}")).await;
    let (csrf, etag) = (page.csrf(), page.etag());
    // Only the actions the supervisor may take now are offered.
    for offered in ["act-approve", "act-reject", "act-regrade", "act-list", "act-enforce"] {
        assert!(page.body.contains(&format!("id=\"{offered}\"")), "{offered} missing");
    }
    for absent in
        ["act-assign", "act-submit", "act-extend", "act-reopen", "act-close_on_site", "act-invalidate", "act-lift"]
    {
        assert!(!page.body.contains(&format!("id=\"{absent}\"")), "{absent} offered");
    }
    // Someone else changes the hazard meanwhile (a rejection through the API).
    app.transition(&supervisor_token, &id, json!({"action": "reject", "reason": "照片不清楚"})).await.expect(200);
    let changed = app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body;
    let stale = b
        .post(
            &format!("/console/hazards/{id}/transition"),
            &[("csrf", &csrf), ("etag", &etag), ("action", "extend"), ("deadline", "2099-01-01"), ("reason", "x")],
        )
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    assert!(stale.body.contains("页面已过期") || stale.body.contains("此页面已过期"), "{}", stale.body);
    assert!(stale.body.contains("id=\"reload\""));
    assert_eq!(app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body, changed);

    // A fresh page, a form missing its reason: 422 with the problem next to the field.
    let page = b.get(&format!("/console/hazards/{id}")).await;
    let bad = b
        .post(
            &format!("/console/hazards/{id}/transition"),
            &[
                ("csrf", &page.csrf()),
                ("etag", &page.etag()),
                ("action", "extend"),
                ("deadline", "2099-01-01"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"extend-reason-err\""), "{}", bad.body);
    assert!(bad.body.contains("aria-invalid=\"true\" aria-describedby=\"extend-reason-err\""));
    assert!(bad.body.contains("value=\"2099-01-01\""), "the typed deadline is kept");
    // And it goes through once complete, recorded like the API's.
    let ok = b
        .post(
            &format!("/console/hazards/{id}/transition"),
            &[
                ("csrf", &page.csrf()),
                ("etag", &page.etag()),
                ("action", "extend"),
                ("deadline", "2099-01-01"),
                ("reason", "工程量大"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let now = app.get(&format!("/v1/hazards/{id}"), &inspector).await.expect(200).body;
    assert_eq!(now["deadline"], "2099-01-01");
    let shown = b.get(&ok.location().unwrap()).await;
    assert!(shown.body.contains("已完成：延期") && shown.body.contains("工程量大"));
}

#[tokio::test]
async fn supervision_and_enforcement_forms_use_the_api_rules() {
    let app = spawn_app().await;
    let (_, inspector) = user(&app, "inspector", None).await;
    let (name, _) = user(&app, "supervisor", None).await;
    let id = app.hazard(&inspector, "huayanglu").await["id"].as_str().unwrap().to_owned();
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let csrf = b.get(&format!("/console/hazards/{id}")).await.csrf();
    let past = b
        .post(
            &format!("/console/hazards/{id}/supervision"),
            &[
                ("csrf", &csrf),
                ("level", "street"),
                ("department_code", "emergency"),
                ("document_number", "长安委督〔2025〕3号"),
                ("deadline", "2000-01-01"),
                ("reason", "重大火灾隐患"),
            ],
        )
        .await;
    assert_eq!(past.status, 422);
    assert!(past.body.contains("id=\"list-deadline-err\""), "{}", past.body);
    assert!(app.get(&format!("/v1/hazards/{id}"), &inspector).await.body["supervision"].is_null());
    let deadline = hazard_tests::date_in(&app, 20);
    let listed = b
        .post(
            &format!("/console/hazards/{id}/supervision"),
            &[
                ("csrf", &csrf),
                ("level", "street"),
                ("department_code", "emergency"),
                ("document_number", "长安委督〔2025〕3号"),
                ("deadline", &deadline),
                ("reason", "重大火灾隐患"),
            ],
        )
        .await;
    assert_eq!(listed.status, 303, "{}", listed.body);
    assert_eq!(app.get(&format!("/v1/hazards/{id}"), &inspector).await.body["supervision"]["level"], "street");
    let lift_early = b.post(&format!("/console/hazards/{id}/supervision/lift"), &[("csrf", &csrf)]).await;
    assert_eq!(lift_early.status, 409, "lifting before the hazard is closed");
    let escalated = b
        .post(
            &format!("/console/hazards/{id}/supervision/escalate"),
            &[("csrf", &csrf), ("level", "district"), ("reason", "逾期未整改")],
        )
        .await;
    assert_eq!(escalated.status, 303, "{}", escalated.body);
    let enforced = b
        .post(
            &format!("/console/hazards/{id}/enforcement"),
            &[
                ("csrf", &csrf),
                ("kind", "interview"),
                ("date", "2025-05-12"),
                ("department_code", "emergency"),
                ("note", "约谈企业主要负责人"),
            ],
        )
        .await;
    assert_eq!(enforced.status, 303, "{}", enforced.body);
    let board = b.get("/console/board").await;
    assert!(board.body.contains(&id) && board.body.contains("区级"), "{}", board.body);
    // From the board: escalate further (only to a higher level); no lifting before closing.
    assert!(board.body.contains("<option value=\"city\">") && !board.body.contains("<option value=\"district\">"));
    assert!(!board.body.contains("/supervision/lift"), "lifting is offered only once the hazard is closed");
    let up = b
        .post(
            &format!("/console/hazards/{id}/supervision/escalate"),
            &[("csrf", &csrf), ("back", "board"), ("level", "city"), ("reason", "仍未整改")],
        )
        .await;
    assert_eq!(up.status, 303);
    assert_eq!(up.location().as_deref(), Some("/console/board?done=escalated"));
    assert_eq!(app.get(&format!("/v1/hazards/{id}"), &inspector).await.body["supervision"]["level"], "city");
    let page = b.get(&format!("/console/hazards/{id}")).await;
    assert!(page.body.contains("约谈") && page.body.contains("长安委督〔2025〕3号"));
}
