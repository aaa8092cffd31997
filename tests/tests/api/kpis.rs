//! The plan's key figures against a hand-computed fixture built through the API.

use hazard_tests::{complete_plan, date_in, general_hazard, spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

struct Fixture {
    sup: String,
    today: String,
}

async fn post_hazard(
    app: &TestApp,
    token: &str,
    street: &str,
    sector: &str,
    major: bool,
    inspection: Option<&str>,
) -> String {
    let mut body = general_hazard(street);
    body["sector"] = json!(sector);
    if major {
        body["grade"] = json!("major");
        body["criterion_code"] = app.get(&format!("/v1/criteria?sector={sector}"), token).await.body[0]["code"].clone();
    }
    if let Some(i) = inspection {
        body["inspection_id"] = json!(i);
    }
    app.post("/v1/hazards", token, &body).await.expect(201).body["id"].as_str().unwrap().to_owned()
}

fn assign(app: &TestApp, days: i64) -> Value {
    json!({"action": "assign", "department_code": "emergency", "responsible_party": "责任单位", "deadline": date_in(app, days),
           "rectification_plan": complete_plan()})
}

/// Street A = huayanglu, B = hongqiao. See each hazard's comment.
async fn fixture(app: &TestApp) -> Fixture {
    let (ins, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    let ent_a = app.enterprise("huayanglu").await; // sector fire
    let ent_b = app.enterprise("hongqiao").await;
    let (ent, _) = app.account_for("enterprise", None, Some(&ent_b)).await;
    let i1 = app
        .post("/v1/inspections", &ins, &json!({"kind": "routine", "enterprise_id": ent_a, "street_code": "huayanglu"}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post("/v1/inspections", &ins, &json!({"kind": "special", "site_address": "某工地", "street_code": "hongqiao"}))
        .await
        .expect(201);
    // 1: A, fire, general, in I1, closed on site.
    let h1 = post_hazard(app, &ins, "huayanglu", "fire", false, Some(&i1)).await;
    app.evidence(&ins, &h1).await;
    app.transition(&ins, &h1, json!({"action": "close_on_site", "note": "当场整改"})).await.expect(200);
    // 2: A, fire, major, in I1, rectifying, listed, interviewed; overdue once time passes.
    let h2 = post_hazard(app, &ins, "huayanglu", "fire", true, Some(&i1)).await;
    app.transition(&ins, &h2, assign(app, 1)).await.expect(200);
    let listing = json!({"level": "district", "department_code": "emergency", "document_number": "督〔2025〕1号",
                         "deadline": date_in(app, 30), "reason": "重大隐患"});
    app.post(&format!("/v1/hazards/{h2}/supervision"), &sup, &listing).await.expect(201);
    let interview = json!({"kind": "interview", "date": date_in(app, 0), "department_code": "emergency"});
    app.post(&format!("/v1/hazards/{h2}/enforcement-actions"), &sup, &interview).await.expect(201);
    // A suspension does not count for 约谈警示通报率 (only interviews and warnings do).
    let h3 = post_hazard(app, &ins, "huayanglu", "gas", true, None).await;
    let suspension = json!({"kind": "suspension", "date": date_in(app, 0), "department_code": "emergency"});
    app.post(&format!("/v1/hazards/{h3}/enforcement-actions"), &sup, &suspension).await.expect(201);
    // 3: A, gas, major, closed after review.
    app.transition(&ins, &h3, assign(app, 10)).await.expect(200);
    app.evidence(&ins, &h3).await;
    app.transition(&ins, &h3, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    app.transition(&sup, &h3, json!({"action": "approve"})).await.expect(200);
    // 4: B, fire, self-check by the enterprise, closed after review.
    let h4 = post_hazard(app, &ent, "hongqiao", "fire", false, None).await;
    app.transition(&ins, &h4, assign(app, 10)).await.expect(200);
    app.evidence(&ent, &h4).await;
    app.transition(&ent, &h4, json!({"action": "submit", "note": "已自行整改"})).await.expect(200);
    app.transition(&ins, &h4, json!({"action": "approve"})).await.expect(200);
    // 5: B, gas, self-check, still reported.
    post_hazard(app, &ent, "hongqiao", "gas", false, None).await;
    // 6: B, fire, invalid: not counted at all.
    let h6 = post_hazard(app, &ins, "hongqiao", "fire", false, None).await;
    app.transition(&sup, &h6, json!({"action": "invalidate", "reason": "重复"})).await.expect(200);
    // Two days later hazard 2 is overdue.
    app.clock.advance(chrono::Duration::days(2));
    Fixture { sup, today: date_in(app, 0) }
}

fn rate(v: &Value, name: &str) -> (Value, i64, i64) {
    let r = &v["rates"][name];
    (r["value"].clone(), r["numerator"].as_i64().unwrap(), r["denominator"].as_i64().unwrap())
}

fn assert_district(k: &Value) {
    assert_eq!(k["found"], json!({"total": 5, "general": 3, "major": 2}));
    assert_eq!((k["closed"].clone(), k["open"].clone(), k["overdue"].clone()), (json!(3), json!(2), json!(1)));
    assert_eq!(k["inspections"], 2);
    assert_eq!(rate(k, "major_rectification_rate"), (json!(0.5), 1, 2));
    assert_eq!(rate(k, "findings_per_thousand_inspections"), (json!(1000.0), 2, 2));
    assert_eq!(rate(k, "major_findings_per_thousand_inspections"), (json!(500.0), 1, 2));
    assert_eq!(rate(k, "supervision_rate"), (json!(0.5), 1, 2));
    assert_eq!(rate(k, "enforcement_rate"), (json!(0.5), 1, 2));
    assert_eq!(rate(k, "self_correction_rate"), (json!(0.5), 1, 2));
    assert_eq!(k["median_days_to_close"], json!(0.0));
}

#[tokio::test]
async fn figures_match_the_hand_computed_fixture() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let period = format!("from=2020-01-01&to={}", f.today);
    let district = app.get(&format!("/v1/stats/kpis?{period}"), &f.sup).await.expect(200).body;
    assert_district(&district);

    // Street A (huayanglu) and B (hongqiao).
    let a = app.get(&format!("/v1/stats/kpis?{period}&street=huayanglu"), &f.sup).await.expect(200).body;
    assert_eq!(a["found"], json!({"total": 3, "general": 1, "major": 2}));
    assert_eq!(
        (a["closed"].clone(), a["open"].clone(), a["overdue"].clone(), a["inspections"].clone()),
        (json!(2), json!(1), json!(1), json!(1))
    );
    assert_eq!(rate(&a, "findings_per_thousand_inspections"), (json!(2000.0), 2, 1));
    assert_eq!(rate(&a, "major_findings_per_thousand_inspections"), (json!(1000.0), 1, 1));
    assert_eq!(rate(&a, "major_rectification_rate"), (json!(0.5), 1, 2));
    assert_eq!(rate(&a, "self_correction_rate"), (Value::Null, 0, 0));
    let b = app.get(&format!("/v1/stats/kpis?{period}&street=hongqiao"), &f.sup).await.expect(200).body;
    assert_eq!(b["found"], json!({"total": 2, "general": 2, "major": 0}));
    assert_eq!(rate(&b, "major_rectification_rate"), (Value::Null, 0, 0));
    assert_eq!(rate(&b, "supervision_rate"), (Value::Null, 0, 0));
    assert_eq!(rate(&b, "findings_per_thousand_inspections"), (json!(0.0), 0, 1));
    assert_eq!(rate(&b, "self_correction_rate"), (json!(0.5), 1, 2));

    // Per sector: fire and gas.
    let fire = app.get(&format!("/v1/stats/kpis?{period}&sector=fire"), &f.sup).await.expect(200).body;
    assert_eq!(fire["found"], json!({"total": 3, "general": 2, "major": 1}));
    assert_eq!(fire["inspections"], 1, "inspections of fire-sector enterprises");
    assert_eq!(rate(&fire, "major_rectification_rate"), (json!(0.0), 0, 1));
    assert_eq!(rate(&fire, "supervision_rate"), (json!(1.0), 1, 1));
    assert_eq!(rate(&fire, "enforcement_rate"), (json!(1.0), 1, 1));
    assert_eq!(rate(&fire, "self_correction_rate"), (json!(1.0), 1, 1));
    let gas = app.get(&format!("/v1/stats/kpis?{period}&sector=gas"), &f.sup).await.expect(200).body;
    assert_eq!(gas["found"], json!({"total": 2, "general": 1, "major": 1}));
    assert_eq!(rate(&gas, "findings_per_thousand_inspections"), (Value::Null, 0, 0));
    assert_eq!(rate(&gas, "major_rectification_rate"), (json!(1.0), 1, 1));
    assert_eq!(rate(&gas, "enforcement_rate"), (json!(0.0), 0, 1), "a suspension is not an interview or warning");
    assert_eq!(rate(&gas, "self_correction_rate"), (json!(0.0), 0, 1));

    // Grouped: one row per street; the two rows above, the others empty.
    let by_street = app.get(&format!("/v1/stats/kpis?{period}&group_by=street"), &f.sup).await.expect(200).body;
    let rows = by_street["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    // A grouped row is the same as asking for that street or sector alone.
    let without_group = |mut v: Value| {
        v.as_object_mut().unwrap().remove("group");
        v
    };
    let row = |code: &str| without_group(rows.iter().find(|r| r["group"] == code).unwrap().clone());
    assert_eq!(row("huayanglu"), without_group(a.clone()));
    assert_eq!(row("hongqiao"), without_group(b.clone()));
    assert_eq!(row("xinjingzhen")["found"]["total"], 0);
    assert_eq!(row("xinjingzhen")["inspections"], 0);
    assert_eq!(row("xinjingzhen")["median_days_to_close"], Value::Null);
    let by_sector = app.get(&format!("/v1/stats/kpis?{period}&group_by=sector"), &f.sup).await.expect(200).body;
    let rows = by_sector["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 11);
    let row = |code: &str| without_group(rows.iter().find(|r| r["group"] == code).unwrap().clone());
    assert_eq!(row("fire"), without_group(fire.clone()));
    assert_eq!(row("gas"), without_group(gas.clone()));

    // Month by month: the year's rows add up to the district figures.
    let year = &f.today[..4];
    let monthly = app.get(&format!("/v1/stats/monthly?year={year}"), &f.sup).await.expect(200).body;
    let rows = monthly["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let total: i64 = rows.iter().map(|r| r["found"]["total"].as_i64().unwrap()).sum();
    assert!(total == 5 || total == 0, "all in {year} unless the year just turned");

    // CSV for Excel: BOM, Chinese headers, the same numbers.
    let csv = app
        .call_with(Method::GET, &format!("/v1/stats/kpis?{period}"), Some(&f.sup), None, &[("Accept", "text/csv")])
        .await;
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.text.starts_with('\u{feff}'), "UTF-8 BOM");
    let mut lines = csv.text.trim_start_matches('\u{feff}').lines();
    let header: Vec<_> = lines.next().unwrap().split(',').collect();
    assert!(header.contains(&"重大事故隐患整改率") && header.contains(&"千次检查发现率"));
    let values: Vec<_> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| values[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(
        (col("发现隐患"), col("重大隐患"), col("重大事故隐患整改率"), col("千次检查发现率")),
        ("5", "2", "0.5", "1000")
    );
    // Every rate, the per-1,000 ones too, names and carries its numerator and denominator.
    let json = app.get(&format!("/v1/stats/kpis?{period}"), &f.sup).await.expect(200).body;
    for (name, key) in [
        ("重大事故隐患整改率", "major_rectification_rate"),
        ("千次检查发现率", "findings_per_thousand_inspections"),
        ("千次检查重大隐患发现率", "major_findings_per_thousand_inspections"),
        ("挂牌督办率", "supervision_rate"),
        ("约谈警示通报率", "enforcement_rate"),
        ("自查自纠率", "self_correction_rate"),
    ] {
        let part = |which: &str| {
            let i = header.iter().position(|h| h.starts_with(&format!("{name}{which}："))).unwrap_or_else(|| {
                panic!("no {name}{which} column in {header:?}");
            });
            values[i].to_owned()
        };
        assert_eq!(part("分子"), json["rates"][key]["numerator"].to_string(), "{name}");
        assert_eq!(part("分母"), json["rates"][key]["denominator"].to_string(), "{name}");
    }
    let csv2 = app.get(&format!("/v1/stats/kpis?{period}&format=csv&group_by=street"), &f.sup).await;
    assert_eq!(csv2.text.lines().count(), 11);
}

#[tokio::test]
async fn an_empty_period_has_counts_of_zero_and_no_rates() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let k = app.get("/v1/stats/kpis?from=2000-01-01&to=2000-12-31", &f.sup).await.expect(200).body;
    assert_eq!(k["found"]["total"], 0);
    assert_eq!(k["inspections"], 0);
    for name in [
        "major_rectification_rate",
        "findings_per_thousand_inspections",
        "supervision_rate",
        "enforcement_rate",
        "self_correction_rate",
    ] {
        assert_eq!(rate(&k, name), (Value::Null, 0, 0), "{name}");
    }
    assert_eq!(k["median_days_to_close"], Value::Null);
}

#[tokio::test]
async fn figures_respect_scope_and_check_their_parameters() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let period = format!("from=2020-01-01&to={}", f.today);
    let (street_sup, _) = app.account("supervisor", Some("huayanglu")).await;
    let own = app.get(&format!("/v1/stats/kpis?{period}"), &street_sup).await.expect(200).body;
    assert_eq!(own["street"], "huayanglu");
    assert_eq!(own["found"]["total"], 3);
    app.get(&format!("/v1/stats/kpis?{period}&street=hongqiao"), &street_sup).await.problem(403, "forbidden");
    let grouped = app.get(&format!("/v1/stats/kpis?{period}&group_by=street"), &street_sup).await.expect(200).body;
    assert_eq!(grouped["rows"].as_array().unwrap().len(), 1);
    let ent = app.enterprise("huayanglu").await;
    let (ent_token, _) = app.account_for("enterprise", None, Some(&ent)).await;
    app.get(&format!("/v1/stats/kpis?{period}"), &ent_token).await.problem(403, "forbidden");
    app.get("/v1/stats/monthly?year=2025", &ent_token).await.problem(403, "forbidden");
    for (query, field) in [
        ("from=2025-02-01&to=2025-01-01", "to"),
        ("from=yesterday&to=2025-01-01", "from"),
        ("to=2025-01-01", "from"),
        ("from=2025-01-01&to=2025-02-01&group_by=month", "group_by"),
    ] {
        let r = app.get(&format!("/v1/stats/kpis?{query}"), &f.sup).await;
        assert!(r.problem(400, "validation_failed").iter().any(|x| x == field), "{query}: {}", r.text);
    }
    app.get("/v1/stats/monthly?year=1999", &f.sup).await.problem(400, "validation_failed");
}
