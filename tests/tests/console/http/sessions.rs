//! Sign-in and sessions: security headers and cookies, CSRF, idle and ended sessions,
//! and the sign-in rations shared with the API.

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

#[tokio::test]
async fn a_method_a_console_path_lacks_is_a_405_naming_the_ones_it_has() {
    let app = spawn_app().await;
    let send =
        |method: reqwest::Method, path: &str| app.client.request(method, format!("{}{path}", app.address)).send();
    let put = send(reqwest::Method::PUT, "/console/login").await.unwrap();
    assert_eq!(put.status(), 405);
    let allow = put.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let get =
        send(reqwest::Method::GET, "/console/hazards/7b1c7d0e-0000-4000-8000-000000000001/transition").await.unwrap();
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers().get("allow").and_then(|v| v.to_str().ok()), Some("POST"));
    let unknown = send(reqwest::Method::GET, "/console/no-such-page").await.unwrap();
    assert_eq!(unknown.status(), 404, "an unknown path stays a 404");
}
