//! A pinned clock: a test that starts a moment before the district's midnight sees one
//! date throughout, and the date turns exactly when the test moves the clock.

use chrono::{Datelike, Duration, NaiveDate};
use hazard_infra::clock::Clock;
use hazard_tests::{date_in, district_instant, general_hazard, spawn_app};
use serde_json::json;

#[tokio::test]
async fn one_date_until_the_clock_crosses_the_district_midnight() {
    let app = spawn_app().await;
    let (ins, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    // The last millisecond of this year in the district (Asia/Shanghai, +08:00): never in
    // the past, so the tokens the server issues stay valid.
    let year = app.clock.now().with_timezone(&chrono_tz::Asia::Shanghai).year();
    let eve = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    app.clock.pin(district_instant(eve.and_hms_milli_opt(23, 59, 59, 999).unwrap()));
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(date_in(&app, 0), eve.to_string());

    let h = app.post("/v1/hazards", &ins, &general_hazard("huayanglu")).await.expect(201).body;
    let id = h["id"].as_str().unwrap();
    assert!(h["code"].as_str().unwrap().starts_with(&format!("YH-{year}-")), "{}", h["code"]);
    // A deadline of "today" is not in the past for the server either.
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "责任单位",
                        "deadline": eve.to_string()});
    let h = app.transition(&ins, id, assign).await.expect(200).body;
    assert_eq!((h["deadline"].clone(), h["overdue"].clone()), (json!(eve.to_string()), json!(false)));
    let day = format!("/v1/stats/kpis?from={eve}&to={eve}");
    assert_eq!(app.get(&day, &sup).await.expect(200).body["found"]["total"], 1, "filed on {eve}");

    // One millisecond later it is New Year's Day: the deadline has passed.
    app.clock.advance(Duration::milliseconds(1));
    let new_year = eve.succ_opt().unwrap();
    assert_eq!(date_in(&app, 0), new_year.to_string());
    assert_eq!(app.get(&format!("/v1/hazards/{id}"), &sup).await.expect(200).body["overdue"], true);
    let h = app.post("/v1/hazards", &ins, &general_hazard("huayanglu")).await.expect(201).body;
    assert!(h["code"].as_str().unwrap().starts_with(&format!("YH-{}-", year + 1)), "{}", h["code"]);
    assert_eq!(app.get(&day, &sup).await.expect(200).body["found"]["total"], 1, "still one on {eve}");
}
