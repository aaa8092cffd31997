//! The console over plain HTTP: sign-in and sessions, CSRF, security headers, scope,
//! forms and their problems. Every refused request is checked to change nothing.

use hazard_tests::{spawn_app, PASSWORD};
use serde_json::json;

use crate::helpers::{pending_review, user, Browser};

#[tokio::test]
async fn every_console_page_has_a_strict_policy_and_session_cookies_are_locked_down() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let login = b.get("/console/login").await;
    assert_eq!(login.status, 200);
    assert!(login.header("content-type").unwrap_or_default().starts_with("text/html"));
    let csp = login.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    assert_eq!(login.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(login.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(login.header("cache-control").as_deref(), Some("no-store"));
    assert!(!login.body.contains("<script>") && !login.body.contains(" style="), "inline script or style");
    let set = login.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(
        set.iter().all(|c| c.contains("HttpOnly") && c.contains("SameSite=Strict") && !c.contains("Secure")),
        "{set:?}"
    );

    let (name, _) = user(&app, "supervisor", None).await;
    let csrf = login.csrf();
    let signed = b.post("/console/login", &[("csrf", &csrf), ("username", &name), ("password", PASSWORD)]).await;
    assert_eq!(signed.status, 303);
    let cookie = signed
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("hazard_console="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"),
        "{cookie}"
    );
    for path in ["/console/", "/console/hazards", "/console/map", "/console/board", "/console/tips"] {
        let page = b.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        let csp = page.header("content-security-policy").expect("CSP");
        assert!(csp.starts_with("default-src 'none'; script-src 'self'"), "{path}: {csp}");
        assert_eq!(page.header("cache-control").as_deref(), Some("no-store"), "{path}");
        assert!(!page.body.contains("<script>") && !page.body.contains(" style="), "{path}: inline script or style");
    }
    // The map may load tiles from the tile server, and only from it.
    let map = b.get("/console/map").await;
    assert!(map.header("content-security-policy").unwrap().contains("img-src 'self' https://tile.openstreetmap.org;"));
    // Assets are the embedded files.
    let js = b.get("/console/assets/vendor/leaflet-1.9.4/leaflet.js").await;
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().starts_with("text/javascript"));
    assert_eq!(b.get("/console/assets/nothing.js").await.status, 404);
}

#[tokio::test]
async fn secure_cookies_when_served_over_tls() {
    let app = hazard_tests::spawn_app_with(|s| s.limits.served_over_tls = true).await;
    let mut b = Browser::new(&app);
    let login = b.get("/console/login").await;
    let cookie = login.header("set-cookie").expect("cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(login.header("strict-transport-security").is_some());
}

#[tokio::test]
async fn pages_need_a_session_and_come_back_after_sign_in() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let page = b.get("/console/board?overdue=true").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location().as_deref(), Some("/console/login?next=%2Fconsole%2Fboard%3Foverdue%3Dtrue"));
    assert_eq!(b.get("/console/map/hazards.json").await.status, 303);
    // A forged session cookie is no session.
    b.cookies.push(("hazard_console".into(), "forged-token-forged-token-forged-token".into()));
    assert_eq!(b.get("/console/hazards").await.status, 303);
    // Wrong password: the form again, 401, and no session.
    let mut b = Browser::new(&app);
    let (name, _) = user(&app, "inspector", None).await;
    let csrf = b.get("/console/login").await.csrf();
    let wrong =
        b.post("/console/login", &[("csrf", &csrf), ("username", &name), ("password", "not-the-password")]).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("用户名或密码错误"));
    assert!(b.cookie("hazard_console").is_none());
    // An off-site `next` is ignored.
    let ok = b
        .post(
            "/console/login",
            &[("csrf", &csrf), ("username", &name), ("password", PASSWORD), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.location().as_deref(), Some("/console/"));
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (inspector, token) = user(&app, "inspector", None).await;
    let (supervisor, _) = user(&app, "supervisor", None).await;
    let id = pending_review(&app, &token, "huayanglu").await;
    let before = app.get(&format!("/v1/hazards/{id}"), &token).await.expect(200).body;

    // Sign-in itself needs the form's token (login CSRF).
    let mut b = Browser::new(&app);
    b.get("/console/login").await;
    let refused = b.post("/console/login", &[("username", &supervisor), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("CSRF"));
    let mut stranger = Browser::new(&app);
    let refused =
        stranger.post("/console/login", &[("csrf", "x"), ("username", &supervisor), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, 403);

    b.sign_in(&supervisor, PASSWORD).await;
    let page = b.get(&format!("/console/hazards/{id}")).await;
    let etag = page.etag();
    let path = format!("/console/hazards/{id}/transition");
    let missing = b.post(&path, &[("etag", &etag), ("action", "approve")]).await;
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("CSRF"), "{}", missing.body);
    assert!(missing.header("content-security-policy").is_some());
    // Another session's token is no better.
    let mut other = Browser::new(&app);
    other.sign_in(&inspector, PASSWORD).await;
    let foreign = other.get("/console/hazards").await.csrf();
    let wrong = b.post(&path, &[("csrf", &foreign), ("etag", &etag), ("action", "approve")]).await;
    assert_eq!(wrong.status, 403);
    // Nor is a JSON body.
    let json_body = app
        .client
        .post(format!("{}{path}", app.address))
        .header("cookie", format!("hazard_console={}", b.cookie("hazard_console").unwrap()))
        .json(&json!({"csrf": page.csrf(), "action": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 415);
    let after = app.get(&format!("/v1/hazards/{id}"), &token).await.expect(200).body;
    assert_eq!(before, after, "a refused form changed the hazard");
    assert_eq!(after["status"], "pending_review");
    // Sign-out needs the token too: the session survives a forged one.
    assert_eq!(b.post("/console/logout", &[]).await.status, 403);
    assert_eq!(b.get("/console/hazards").await.status, 200);
}

#[tokio::test]
async fn sessions_end_when_idle_and_on_sign_out_on_the_server() {
    let app = spawn_app().await;
    let (name, _) = user(&app, "supervisor", None).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    // Use keeps it alive past the idle limit (30 min by default)…
    for _ in 0..3 {
        app.clock.advance(chrono::Duration::minutes(20));
        assert_eq!(b.get("/console/hazards").await.status, 200);
    }
    // …idleness ends it.
    app.clock.advance(chrono::Duration::minutes(31));
    let expired = b.get("/console/hazards").await;
    assert_eq!(expired.status, 303);
    assert!(expired.location().unwrap().starts_with("/console/login"));

    // Sign-out ends it on the server: the old cookie, replayed, is refused.
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let session = b.cookie("hazard_console").unwrap();
    let csrf = b.get("/console/hazards").await.csrf();
    let out = b.post("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert!(b.cookie("hazard_console").is_none(), "the browser's cookie is removed");
    b.cookies.push(("hazard_console".into(), session.clone()));
    assert_eq!(b.get("/console/hazards").await.status, 303);
    // A console session is not a refresh token.
    let refresh =
        app.call(reqwest::Method::POST, "/v1/auth/refresh", None, Some(&json!({"refresh_token": session}))).await;
    assert_eq!(refresh.status, 401);

    // The absolute lifetime ends even a busy session.
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    for _ in 0..25 {
        app.clock.advance(chrono::Duration::minutes(29));
        if b.get("/console/hazards").await.status != 200 {
            break;
        }
    }
    assert_eq!(b.get("/console/hazards").await.status, 303, "sessions end 12 h after sign-in");
}

#[tokio::test]
async fn deactivating_an_account_ends_its_console_session() {
    let app = spawn_app().await;
    let (name, _) = user(&app, "inspector", None).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let admin = app.admin().await;
    let users = app.get("/v1/users?limit=200", &admin).await.expect(200).body;
    let id = users["items"].as_array().unwrap().iter().find(|u| u["username"] == name.as_str()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(reqwest::Method::PATCH, &format!("/v1/users/{id}"), Some(&admin), Some(&json!({"active": false})))
        .await
        .expect(200);
    assert_eq!(b.get("/console/hazards").await.status, 303);
}

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

#[tokio::test]
async fn administrators_manage_accounts_and_clients_and_see_a_key_once() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    b.sign_in("admin", hazard_tests::ADMIN_PASSWORD).await;
    let page = b.get("/console/admin").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    let short = b
        .post(
            "/console/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "li.wg"),
                ("password", "short"),
                ("display_name", "李网格"),
                ("role", "inspector"),
                ("street_code", "jiangsulu"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(
        short.body.contains("value=\"li.wg\"") && !short.body.contains("value=\"short\""),
        "keeps the username, never the password"
    );
    let made = b
        .post(
            "/console/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "li.wg"),
                ("password", "a-long-password"),
                ("display_name", "李网格"),
                ("role", "inspector"),
                ("street_code", "jiangsulu"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    app.login("li.wg", "a-long-password").await;
    let client = b
        .post(
            "/console/admin/clients",
            &[
                ("csrf", &csrf),
                ("name", "一网统管平台"),
                ("scopes", "cases:read"),
                ("scopes", "stats:read"),
                ("rate_limit_per_minute", "120"),
            ],
        )
        .await;
    assert_eq!(client.status, 200, "{}", client.body);
    let key = crate::helpers::html_unescape(
        client.body.split("<code id=\"api-key\">").nth(1).unwrap().split('<').next().unwrap(),
    );
    assert!(key.starts_with("hzk_"));
    let read = app.client.get(format!("{}/v1/hazards", app.address)).header("X-Api-Key", &key).send().await.unwrap();
    assert_eq!(read.status(), 200);
    assert!(!b.get("/console/admin").await.body.contains(&key), "the key is shown once");
    let no_scope = b.post("/console/admin/clients", &[("csrf", &csrf), ("name", "x")]).await;
    assert_eq!(no_scope.status, 422);
    assert!(no_scope.body.contains("scopes"));
}

#[tokio::test]
async fn enterprise_and_outside_accounts_get_no_figures() {
    let app = spawn_app().await;
    let (name, _) = user(&app, "supervisor", Some("huayanglu")).await;
    let mut b = Browser::new(&app);
    b.sign_in(&name, PASSWORD).await;
    let csv = b.get("/console/stats.csv?from=2025-01-01&to=2025-12-31").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("华阳路") || csv.body.contains("huayanglu"));
    assert!(!csv.body.contains("tianshanlu"), "another street's row");
}

#[tokio::test]
async fn administrators_see_every_clients_webhook_deliveries_and_redeliver_one() {
    let app = hazard_tests::spawn_app_with(|s| {
        s.webhook_allow_http = true;
        s.webhook_allow_private = true;
    })
    .await;
    let admin = app.admin().await;
    let key = app
        .post(
            "/v1/clients",
            &admin,
            &json!({"name": "城运中心", "scopes": ["webhooks:manage"], "rate_limit_per_minute": 1000}),
        )
        .await
        .expect(201)
        .body["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    // A receiver that is not there: the delivery fails and waits for its retry.
    let hook =
        json!({"url": "http://127.0.0.1:9/hook", "event_types": ["hazard.created"], "secret": "a-long-shared-secret"});
    let made = app
        .call_with(reqwest::Method::POST, "/v1/webhooks", None, Some(&hook), &[("X-Api-Key", &key)])
        .await
        .expect(201);
    let hook_id = made.body["id"].as_str().unwrap().to_owned();
    let (_, inspector) = user(&app, "inspector", None).await;
    app.hazard(&inspector, "huayanglu").await;
    hazard_api::webhooks::worker::run_once(&app.state).await.unwrap();
    let path = format!("/v1/webhooks/{hook_id}/deliveries");
    let deliveries =
        app.call_with(reqwest::Method::GET, &path, None, None, &[("X-Api-Key", &key)]).await.expect(200).body;
    let delivery = deliveries[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(deliveries[0]["attempts"], 1);

    let mut b = Browser::new(&app);
    b.sign_in("admin", hazard_tests::ADMIN_PASSWORD).await;
    let page = b.get("/console/admin/webhooks").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("http://127.0.0.1:9/hook")
            && page.body.contains("hazard.created")
            && page.body.contains(&delivery)
    );
    let csrf = page.csrf();
    let again =
        b.post(&format!("/console/admin/webhooks/{hook_id}/deliveries/{delivery}/redeliver"), &[("csrf", &csrf)]).await;
    assert_eq!(again.status, 303, "{}", again.body);
    // It is due now: the worker tries it again at once.
    hazard_api::webhooks::worker::run_once(&app.state).await.unwrap();
    let deliveries =
        app.call_with(reqwest::Method::GET, &path, None, None, &[("X-Api-Key", &key)]).await.expect(200).body;
    assert_eq!(deliveries[0]["attempts"], 2);
    let unknown =
        b.post(&format!("/console/admin/webhooks/{hook_id}/deliveries/{hook_id}/redeliver"), &[("csrf", &csrf)]).await;
    assert_eq!(unknown.status, 404);
    // Supervisors do not manage clients.
    let (name, _) = user(&app, "supervisor", None).await;
    let mut s = Browser::new(&app);
    s.sign_in(&name, PASSWORD).await;
    assert_eq!(s.get("/console/admin/webhooks").await.status, 403);
}

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

#[tokio::test]
async fn console_sign_in_shares_the_api_sign_in_rations() {
    let app = spawn_app().await;
    let (name, _) = user(&app, "supervisor", None).await;
    let mut b = Browser::new(&app);
    let csrf = b.get("/console/login").await.csrf();
    let mut last = 0;
    for _ in 0..6 {
        last = b
            .post("/console/login", &[("csrf", &csrf), ("username", &name), ("password", "wrong-password")])
            .await
            .status
            .as_u16();
        if last == 429 {
            break;
        }
    }
    assert_eq!(last, 429, "guessing through the console is throttled like the API");
    let locked = b.post("/console/login", &[("csrf", &csrf), ("username", &name), ("password", PASSWORD)]).await;
    assert_eq!(locked.status, 429, "even the right password waits out the lock");
    assert!(locked.body.contains("尝试次数过多"));
    assert!(locked.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    // The API's sign-in sees the same lock (same account and address).
    app.login_reply(&name, PASSWORD).await.problem(429, "rate_limited");
}
