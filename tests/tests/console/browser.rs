//! The console in a real browser (headless Chromium through chromedriver): a supervisor
//! signs in, reads the key figures and checks them against the API's, opens a hazard
//! from the map, approves it, lists another for supervision and finds it on the board;
//! a CSRF-less form post is refused; signing out ends the session; a street inspector
//! sees only their street on the list and the map. The screenshots it takes are the
//! README's (`docs/console/*.png`) when run with `HAZARD_UPDATE_SCREENSHOTS=1`; otherwise
//! they go to a temporary folder, so a test run leaves the work tree as it was.

use std::path::PathBuf;
use std::time::Duration;

use hazard_tests::{spawn_app_with, TestApp, PASSWORD};
use serde_json::{json, Value};

use crate::helpers::user;
use crate::webdriver::{Driver, Session};

fn shots_dir() -> PathBuf {
    let dir = match std::env::var("HAZARD_UPDATE_SCREENSHOTS").as_deref() {
        Ok("1") => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/console"),
        _ => std::env::temp_dir().join(format!("hazard-console-shots-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn save(s: &Session<'_>, name: &str) {
    let png = s.screenshot().await;
    assert!(png.starts_with(&[0x89, b'P', b'N', b'G']), "{name} is a PNG");
    std::fs::write(shots_dir().join(format!("{name}.png")), png).expect("screenshot saved");
}

/// Files a hazard at a point of its own (so markers do not overlap).
async fn hazard_at(app: &TestApp, token: &str, street: &str, title: &str, lat: f64, lng: f64, grade: &str) -> String {
    let mut body = hazard_tests::general_hazard(street);
    body["title"] = json!(title);
    body["latitude"] = json!(lat);
    body["longitude"] = json!(lng);
    if grade == "major" {
        body["grade"] = json!("major");
        body["criterion_code"] = json!("FIRE-01");
    }
    let made = app.post("/v1/hazards", token, &body).await;
    assert_eq!(made.status, 201, "{}", made.text);
    made.body["id"].as_str().unwrap().to_owned()
}

/// How many open hazards `token` sees through the API (all demo hazards have a place).
async fn open_count(app: &TestApp, token: &str) -> usize {
    let (mut n, mut cursor) = (0, String::new());
    loop {
        let page = app.get(&format!("/v1/hazards?open=true&limit=200{cursor}"), token).await.expect(200).body;
        n += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return n,
        }
    }
}

async fn sign_in(s: &Session<'_>, app: &TestApp, username: &str) {
    s.goto(&format!("{}/console/login", app.address)).await;
    s.type_into(&s.find("#username").await, username).await;
    s.type_into(&s.find("#password").await, PASSWORD).await;
    s.click(&s.find("#sign-in").await).await;
    s.find("#who").await;
}

async fn set_date(s: &Session<'_>, css: &str, value: &str) {
    let e = s.find(css).await;
    s.script("arguments[0].value = arguments[1];", vec![Session::arg(&e), json!(value)]).await;
}

async fn choose(s: &Session<'_>, select: &str, value: &str) {
    s.click(&s.find(&format!("{select} option[value=\"{value}\"]")).await).await;
}

/// Fails when the page's Content-Security-Policy blocked anything (console.js notes it).
async fn no_csp_violations(s: &Session<'_>) {
    let noted = s.attr(&s.find("body").await, "data-csp-violations").await;
    assert_eq!(noted, None, "blocked by the CSP on {}", s.url().await);
}

async fn data(s: &Session<'_>, css: &str, attr: &str) -> String {
    s.attr(&s.find(css).await, attr).await.unwrap_or_default()
}

#[tokio::test]
async fn supervisors_and_street_inspectors_work_in_the_console() {
    let app = spawn_app_with(|s| s.console.tile_url = String::new()).await;
    let (inspector_name, _) = user(&app, "inspector", None).await;
    let (supervisor, supervisor_token) = user(&app, "supervisor", None).await;
    let (street_inspector, _) = user(&app, "inspector", Some("huayanglu")).await;
    // A district's worth of demo hazards, then a general hazard submitted for review and
    // a major one to list, apart from the rest on the map.
    app.demo_hazards(150).await;
    app.rebuild_stats().await;
    // Three listings on the board; three days later the first is overdue.
    let majors = app.get("/v1/hazards?grade=major&open=true&limit=3", &supervisor_token).await.expect(200).body;
    for (i, h) in majors["items"].as_array().unwrap().iter().enumerate() {
        let (level, days) = [("street", 1), ("district", 12), ("city", 40)][i];
        let listing = json!({"level": level, "department_code": "emergency",
            "document_number": format!("长安委督〔2026〕{}号", i + 1), "deadline": hazard_tests::date_in(&app, days),
            "reason": "重大事故隐患，挂牌督办"});
        app.post(&format!("/v1/hazards/{}/supervision", h["id"].as_str().unwrap()), &supervisor_token, &listing)
            .await
            .expect(201);
    }
    app.clock.advance(chrono::Duration::days(3));
    let inspector = app.login(&inspector_name, PASSWORD).await;
    let supervisor_token = app.login(&supervisor, PASSWORD).await;
    let review = hazard_at(&app, &inspector, "huayanglu", "疏散通道堆放杂物", 31.188, 121.452, "general").await;
    let deadline = hazard_tests::date_in(&app, 30);
    app.transition(&inspector, &review, json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "长宁示范餐饮有限公司", "deadline": deadline})).await.expect(200);
    app.evidence(&inspector, &review).await;
    app.transition(&inspector, &review, json!({"action": "submit", "note": "杂物已清理，通道畅通"})).await.expect(200);
    let major = hazard_at(&app, &inspector, "tianshanlu", "地下车库电动车违规充电", 31.192, 121.350, "major").await;
    let (street_token, open_everywhere) =
        (app.login(&street_inspector, PASSWORD).await, open_count(&app, &supervisor_token).await);

    let driver = Driver::start().await;
    let s = driver.session(1280, 1000).await;

    // Sign in and read the key figures: they are the API's.
    sign_in(&s, &app, &supervisor).await;
    s.goto(&format!("{}/console/", app.address)).await;
    let from = data(&s, "#from", "value").await;
    let to = data(&s, "#to", "value").await;
    let api = app.get(&format!("/v1/stats/kpis?from={from}&to={to}"), &supervisor_token).await.expect(200).body;
    for key in [
        "major_rectification_rate",
        "findings_per_thousand_inspections",
        "supervision_rate",
        "enforcement_rate",
        "self_correction_rate",
    ] {
        let css = format!("#kpi-{key}");
        let rate = &api["rates"][key];
        assert_eq!(data(&s, &css, "data-numerator").await, rate["numerator"].to_string(), "{key} numerator");
        assert_eq!(data(&s, &css, "data-denominator").await, rate["denominator"].to_string(), "{key} denominator");
        let shown = data(&s, &css, "data-value").await;
        match rate["value"].as_f64() {
            Some(v) => assert_eq!(shown.parse::<f64>().unwrap(), v, "{key} value"),
            None => assert!(shown.is_empty(), "{key} has no value"),
        }
    }
    for (css, field) in [
        ("#count-found", &api["found"]["total"]),
        ("#count-closed", &api["closed"]),
        ("#count-open", &api["open"]),
        ("#count-overdue", &api["overdue"]),
    ] {
        assert_eq!(data(&s, css, "data-value").await, field.to_string(), "{css}");
    }
    assert!(api["found"]["total"].as_i64().unwrap() > 2, "{api}");
    s.find("#chart-monthly[data-drawn=\"true\"]").await;
    s.find("#chart-sectors[data-drawn=\"true\"]").await;
    no_csp_violations(&s).await;
    save(&s, "dashboard").await;

    // The map: a marker per open hazard; a click opens the hazard.
    s.goto(&format!("{}/console/map", app.address)).await;
    s.find("#map-count[data-count]").await;
    assert_eq!(data(&s, "#map-count", "data-count").await, open_everywhere.to_string());
    no_csp_violations(&s).await;
    save(&s, "map").await;
    s.click(&s.find(&format!(".hazard-marker[data-hazard=\"{review}\"]")).await).await;
    s.find("#act-approve").await;
    assert!(s.url().await.ends_with(&format!("/console/hazards/{review}")));
    // Exactly the actions a supervisor may take on a hazard pending review.
    assert!(s.all("#act-assign, #act-submit, #act-extend, #act-reopen").await.is_empty());

    // Approve it.
    s.click(&s.find("#act-approve summary").await).await;
    s.type_into(&s.find("#approve-note").await, "复查通过，通道畅通").await;
    s.click(&s.find("#do-approve").await).await;
    assert!(s.text(&s.find("#done").await).await.contains("复查通过"));
    assert_eq!(s.text(&s.find("#hazard-status").await).await, "已销号");
    assert_eq!(app.get(&format!("/v1/hazards/{review}"), &inspector).await.body["status"], "closed");
    no_csp_violations(&s).await;
    save(&s, "hazard").await;

    // A form without the CSRF token is refused.
    let refused = s
        .script(
            "var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];\
             var i = document.createElement('input'); i.name = 'action'; i.value = 'reopen'; f.appendChild(i);\
             document.body.appendChild(f); f.submit(); return true;",
            vec![json!(format!("/console/hazards/{review}/transition"))],
        )
        .await;
    assert_eq!(refused, Value::Bool(true));
    let problem = s.find("#problem").await;
    assert_eq!(s.attr(&problem, "data-status").await.as_deref(), Some("403"));
    assert!(s.text(&problem).await.contains("CSRF"));
    assert_eq!(app.get(&format!("/v1/hazards/{review}"), &inspector).await.body["status"], "closed");

    // List the major one for supervision, then find it on the board.
    s.goto(&format!("{}/console/hazards/{major}", app.address)).await;
    s.click(&s.find("#act-list summary").await).await;
    choose(&s, "#list-level", "district").await;
    choose(&s, "#list-department_code", "emergency").await;
    s.type_into(&s.find("#list-document_number").await, "长安委督〔2025〕3号").await;
    set_date(&s, "#list-deadline", &hazard_tests::date_in(&app, 20)).await;
    s.type_into(&s.find("#list-reason").await, "重大火灾隐患，挂牌督办").await;
    s.click(&s.find("#do-list").await).await;
    assert!(s.text(&s.find("#done").await).await.contains("挂牌督办"));
    s.find("#listing").await;
    s.click(&s.find("header nav a[href=\"/console/board\"]").await).await;
    let link = s.find(&format!("#board a[href=\"/console/hazards/{major}\"]")).await;
    assert!(s.text(&link).await.starts_with("YH-"));
    no_csp_violations(&s).await;
    save(&s, "board").await;
    // The board, with its forms, fits 1024 px too.
    s.resize(1024, 800).await;
    s.goto(&format!("{}/console/board", app.address)).await;
    s.find("#board").await;
    let (wide, inner) = (
        s.script("return document.documentElement.scrollWidth;", vec![]).await,
        s.script("return window.innerWidth;", vec![]).await,
    );
    assert!(wide.as_i64().unwrap() <= inner.as_i64().unwrap(), "board: {wide} px wide in a {inner} px window");
    s.resize(1280, 1000).await;
    // The check above can see a violation: an inline style is blocked and noted.
    s.script(
        "var p = document.createElement('p'); p.setAttribute('style', 'color: red'); document.body.appendChild(p);",
        vec![],
    )
    .await;
    s.find("body[data-csp-violations]").await;

    // Sign out: the session ends on the server too.
    s.click(&s.find("#sign-out").await).await;
    s.find("#signed-out").await;
    s.goto(&format!("{}/console/hazards", app.address)).await;
    s.find("#sign-in").await;
    assert!(s.url().await.contains("/console/login?next="));

    // A street inspector sees only their street, on the list and on the map.
    sign_in(&s, &app, &street_inspector).await;
    s.goto(&format!("{}/console/hazards", app.address)).await;
    let streets = s.all("#hazard-table td.street").await;
    assert!(!streets.is_empty());
    for cell in &streets {
        assert_eq!(s.text(cell).await, "华阳路街道");
    }
    assert!(s.all(&format!("a[href=\"/console/hazards/{major}\"]")).await.is_empty());
    s.goto(&format!("{}/console/map", app.address)).await;
    s.find("#map-count[data-count]").await;
    let own = open_count(&app, &street_token).await;
    assert!(own > 0 && own < open_everywhere);
    assert_eq!(data(&s, "#map-count", "data-count").await, own.to_string());
    let markers = s.all(".hazard-marker").await;
    assert_eq!(markers.len(), own);
    for marker in markers.iter().take(20) {
        assert_eq!(s.attr(marker, "data-street").await.as_deref(), Some("华阳路街道"));
    }
    // At 1024 px nothing is wider than the window.
    s.resize(1024, 800).await;
    for page in ["/console/", "/console/hazards", "/console/map", &format!("/console/hazards/{review}")] {
        s.goto(&format!("{}{page}", app.address)).await;
        s.find("#who").await;
        let wide = s.script("return document.documentElement.scrollWidth;", vec![]).await;
        let inner = s.script("return window.innerWidth;", vec![]).await;
        assert!(wide.as_i64().unwrap() <= inner.as_i64().unwrap(), "{page}: {wide} px wide in a {inner} px window");
    }
    // Keyboard: the skip link is the first stop and focus is visible.
    s.goto(&format!("{}/console/hazards", app.address)).await;
    let outline = s
        .script("var a = document.querySelector('.skip'); a.focus(); return getComputedStyle(a).outlineStyle;", vec![])
        .await;
    assert_eq!(outline, json!("solid"));
    s.close().await;
    tokio::time::sleep(Duration::from_millis(10)).await;
}
