//! The key figures come from two sources: whole months from the monthly rollup, odd days
//! from the hazards themselves. These tests hold the two to the same answer after every
//! kind of change, and hold the incrementally kept rollup to a rebuild from scratch.

use chrono::{Datelike, Duration, Months, NaiveDate};
use hazard_tests::{complete_plan, date_in, general_hazard, spawn_app, TestApp};
use serde_json::{json, Value};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn month_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = d.with_day(1).unwrap();
    (first, first + Months::new(1) - Duration::days(1))
}

/// The figures of `[from, to]`, without the echo of the period itself.
async fn figures(app: &TestApp, token: &str, from: NaiveDate, to: NaiveDate) -> Value {
    let mut v = app.get(&format!("/v1/stats/kpis?from={from}&to={to}"), token).await.expect(200).body;
    let o = v.as_object_mut().unwrap();
    o.remove("from");
    o.remove("to");
    v
}

/// The filing day's figures read whole-month (rollup) and single-day (hazards) agree.
async fn both_sources(app: &TestApp, token: &str, filed: NaiveDate) -> Value {
    let (first, last) = month_of(filed);
    let rollup = figures(app, token, first, last).await;
    let direct = figures(app, token, filed, filed).await;
    assert_eq!(rollup, direct, "whole month (rollup) vs. filing day (hazards)");
    rollup
}

fn counts(k: &Value) -> (i64, i64, i64, i64) {
    let n = |v: &Value| v.as_i64().unwrap();
    (n(&k["found"]["total"]), n(&k["found"]["major"]), n(&k["closed"]), n(&k["open"]))
}

async fn file(app: &TestApp, token: &str, major: bool) -> String {
    let mut body = general_hazard("huayanglu");
    if major {
        body["grade"] = json!("major");
        body["criterion_code"] = app.get("/v1/criteria?sector=fire", token).await.body[0]["code"].clone();
    }
    app.post("/v1/hazards", token, &body).await.expect(201).body["id"].as_str().unwrap().to_owned()
}

async fn assign(app: &TestApp, token: &str, id: &str) {
    let body = json!({"action": "assign", "department_code": "emergency", "responsible_party": "责任单位",
                      "deadline": date_in(app, 10), "rectification_plan": complete_plan()});
    app.transition(token, id, body).await.expect(200);
}

async fn close(app: &TestApp, ins: &str, sup: &str, id: &str) {
    app.evidence(ins, id).await;
    app.transition(ins, id, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    app.transition(sup, id, json!({"action": "approve"})).await.expect(200);
}

#[tokio::test]
async fn rollup_and_hazards_agree_through_every_kind_of_change() {
    let app = spawn_app().await;
    let (ins, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    let filed = day(&date_in(&app, 0));

    // Closed on site within the day: 0 days.
    let h1 = file(&app, &ins, false).await;
    app.evidence(&ins, &h1).await;
    app.transition(&ins, &h1, json!({"action": "close_on_site", "note": "当场整改"})).await.expect(200);
    // Major, listed and interviewed.
    let h2 = file(&app, &ins, true).await;
    assign(&app, &ins, &h2).await;
    let listing = json!({"level": "district", "department_code": "emergency", "document_number": "督〔2025〕9号",
                         "deadline": date_in(&app, 30), "reason": "重大隐患"});
    app.post(&format!("/v1/hazards/{h2}/supervision"), &sup, &listing).await.expect(201);
    let interview = json!({"kind": "interview", "date": date_in(&app, 0), "department_code": "emergency"});
    app.post(&format!("/v1/hazards/{h2}/enforcement-actions"), &sup, &interview).await.expect(201);
    let h3 = file(&app, &ins, false).await;
    let h4 = file(&app, &ins, false).await;
    let h5 = file(&app, &ins, false).await;
    assign(&app, &ins, &h3).await;
    assign(&app, &ins, &h4).await;
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(counts(&k), (5, 1, 1, 4));
    assert_eq!(k["rates"]["supervision_rate"]["numerator"], 1);
    assert_eq!(k["rates"]["enforcement_rate"]["numerator"], 1);
    assert_eq!(k["median_days_to_close"], json!(0.0));

    // h3 closed a day after filing, h4 three days after: whole days {0, 1, 3}.
    app.clock.advance(Duration::days(1));
    close(&app, &ins, &sup, &h3).await;
    app.clock.advance(Duration::days(2));
    close(&app, &ins, &sup, &h4).await;
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(counts(&k), (5, 1, 3, 2));
    assert_eq!(k["median_days_to_close"], json!(1.0));

    // Invalidated: counts for nothing.
    app.transition(&sup, &h5, json!({"action": "invalidate", "reason": "重复"})).await.expect(200);
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(counts(&k), (4, 1, 3, 1));

    // Reopened: no longer closed; the median is over {0, 1}.
    let reopen = json!({"action": "reopen", "reason": "隐患反弹", "deadline": date_in(&app, 5)});
    app.transition(&sup, &h4, reopen).await.expect(200);
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(counts(&k), (4, 1, 2, 2));
    assert_eq!(k["median_days_to_close"], json!(0.5));

    // Downgraded: its listing and interview no longer count for the major-hazard rates.
    app.transition(&sup, &h2, json!({"action": "regrade", "grade": "general", "reason": "误判"})).await.expect(200);
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(counts(&k), (4, 0, 2, 2));
    assert_eq!(k["rates"]["supervision_rate"], json!({"value": null, "numerator": 0, "denominator": 0}));

    // ...and upgraded again: the listing counts once more (listed for good).
    let criterion = app.get("/v1/criteria?sector=fire", &sup).await.body[0]["code"].clone();
    app.transition(&sup, &h2, json!({"action": "regrade", "grade": "major", "criterion_code": criterion}))
        .await
        .expect(200);
    let k = both_sources(&app, &sup, filed).await;
    assert_eq!(k["rates"]["supervision_rate"], json!({"value": 1.0, "numerator": 1, "denominator": 1}));
    assert_eq!(k["rates"]["enforcement_rate"], json!({"value": 1.0, "numerator": 1, "denominator": 1}));

    // What was kept step by step is what a rebuild from scratch computes.
    let (first, last) = month_of(filed);
    let before = figures(&app, &sup, first, last).await;
    assert!(app.rebuild_stats().await > 0);
    assert_eq!(figures(&app, &sup, first, last).await, before);
}

#[tokio::test]
async fn a_month_from_the_rollup_equals_its_days_counted_one_by_one() {
    let app = spawn_app().await;
    app.demo_hazards(300).await;
    let admin = app.admin().await;
    // Last month is whole and in the demo data's range (the past 300 days).
    let this_month = day(&date_in(&app, 0)).with_day(1).unwrap();
    let (first, last) = month_of(this_month - Duration::days(1));
    let whole = figures(&app, &admin, first, last).await;
    let head = figures(&app, &admin, first, last - Duration::days(1)).await;
    let tail = figures(&app, &admin, last, last).await;
    let sum = |path: &[&str]| {
        let get = |v: &Value| path.iter().fold(v.clone(), |v, p| v[p].clone()).as_i64().unwrap();
        (get(&whole), get(&head) + get(&tail))
    };
    for path in [
        &["found", "total"][..],
        &["found", "major"],
        &["closed"],
        &["open"],
        &["overdue"],
        &["rates", "major_rectification_rate", "numerator"],
        &["rates", "self_correction_rate", "numerator"],
        &["rates", "self_correction_rate", "denominator"],
        &["rates", "findings_per_thousand_inspections", "numerator"],
    ] {
        let (rollup, direct) = sum(path);
        assert_eq!(rollup, direct, "{path:?}");
    }
    assert!(whole["found"]["total"].as_i64().unwrap() > 0, "the demo data fills last month");

    // The demo data went through the same writes as the API; a rebuild agrees with them
    // over the whole year, median included.
    let year_start = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap();
    let year = |y: i32| (year_start.with_year(y).unwrap(), NaiveDate::from_ymd_opt(y, 12, 31).unwrap());
    let (a, b) = year(first.year());
    let before = figures(&app, &admin, a, b).await;
    app.rebuild_stats().await;
    assert_eq!(figures(&app, &admin, a, b).await, before);
    assert!(before["median_days_to_close"].as_f64().is_some());
}
