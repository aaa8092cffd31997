//! One overdue rule: the domain's (`hazard_domain::deadline`) and its SQL restatement
//! (`hazard_infra::repo::overdue`, used by the list filter, the key figures and the
//! deadline job) agree on a table of cases: deadline before, at and after today, for each
//! hazard status, and for active and lifted supervision.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use hazard_domain::deadline::{is_overdue, is_supervision_overdue};
use hazard_domain::hazard::Status;
use hazard_infra::clock::Clock;
use hazard_tests::{district_instant, TestApp};
use serde_json::{json, Value};

/// One hazard of the table: how it was left, and what the domain must say about it.
struct Case {
    id: String,
    status: Status,
    /// Deadline relative to the day the rule is evaluated on (`None`: no deadline).
    offset: Option<i64>,
    /// The hand-written expectation: the table itself.
    overdue: bool,
}

/// Files a hazard and leaves it in `status` with its deadline `due` (and, for rectifying
/// and closed hazards, a supervision listing due the same day, lifted once closed).
async fn hazard_in(app: &TestApp, ins: &str, sup: &str, status: Status, due: Option<NaiveDate>) -> String {
    let id = app.hazard(ins, "huayanglu").await["id"].as_str().unwrap().to_owned();
    let Some(due) = due else { return id };
    let assign = json!({"action": "assign", "department_code": "emergency", "responsible_party": "责任单位",
                        "deadline": due.to_string()});
    app.transition(ins, &id, assign).await.expect(200);
    let listing = json!({"level": "street", "department_code": "fire_rescue", "document_number": "督〔2025〕1号",
                         "deadline": due.to_string(), "reason": "督办"});
    if matches!(status, Status::Rectifying | Status::Closed) {
        app.post(&format!("/v1/hazards/{id}/supervision"), sup, &listing).await.expect(201);
    }
    if matches!(status, Status::PendingReview | Status::Closed) {
        app.evidence(ins, &id).await;
        app.transition(ins, &id, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    }
    match status {
        Status::Closed => {
            app.transition(sup, &id, json!({"action": "approve"})).await.expect(200);
            app.post(&format!("/v1/hazards/{id}/supervision/lift"), sup, &json!({})).await.expect(200);
        }
        Status::Invalid => {
            app.transition(sup, &id, json!({"action": "invalidate", "reason": "重复"})).await.expect(200);
        }
        _ => {}
    }
    id
}

fn ids(page: &Value) -> BTreeSet<String> {
    page["items"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_sql_rule_and_the_domain_rule_agree() {
    let app = hazard_tests::spawn_app().await;
    let (ins, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    // Noon tomorrow in the district, pinned: set up there, then judge two days later.
    let now = app.clock.now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let setup_day = now + Duration::days(1);
    app.clock.pin(district_instant(setup_day.and_hms_opt(12, 0, 0).unwrap()));
    let today = setup_day + Duration::days(2);

    let mut cases = Vec::new();
    let id = hazard_in(&app, &ins, &sup, Status::Reported, None).await;
    cases.push(Case { id, status: Status::Reported, offset: None, overdue: false });
    for status in [Status::Rectifying, Status::PendingReview, Status::Closed, Status::Invalid] {
        for offset in [-1, 0, 1] {
            let id = hazard_in(&app, &ins, &sup, status, Some(today + Duration::days(offset))).await;
            let overdue = status == Status::Rectifying && offset < 0;
            cases.push(Case { id, status, offset: Some(offset), overdue });
        }
    }
    app.clock.advance(Duration::days(2));
    assert_eq!(hazard_tests::date_in(&app, 0), today.to_string());

    // The domain rule says what the table says.
    for c in &cases {
        let deadline = c.offset.map(|o| today + Duration::days(o));
        assert_eq!(is_overdue(c.status, deadline, today), c.overdue, "{:?} {:?}", c.status, c.offset);
    }
    let overdue: BTreeSet<String> = cases.iter().filter(|c| c.overdue).map(|c| c.id.clone()).collect();
    let on_time: BTreeSet<String> = cases.iter().filter(|c| !c.overdue).map(|c| c.id.clone()).collect();

    // The list filter (both ways), the single view, and the key figures.
    assert_eq!(ids(&app.get("/v1/hazards?overdue=true&limit=100", &sup).await.expect(200).body), overdue);
    assert_eq!(ids(&app.get("/v1/hazards?overdue=false&limit=100", &sup).await.expect(200).body), on_time);
    for c in &cases {
        let h = app.get(&format!("/v1/hazards/{}", c.id), &sup).await.expect(200).body;
        assert_eq!((h["status"].as_str(), h["overdue"].as_bool()), (Some(c.status.as_str()), Some(c.overdue)));
    }
    let kpis = format!("/v1/stats/kpis?from={setup_day}&to={today}");
    assert_eq!(app.get(&kpis, &sup).await.expect(200).body["overdue"], json!(overdue.len()));

    // Supervision: active listings (on the rectifying hazards) and lifted ones (on the
    // closed hazards), each due before, at and after today.
    let board = app.get("/v1/supervisions?limit=100", &sup).await.expect(200).body;
    let listings = board["items"].as_array().unwrap();
    assert_eq!(listings.len(), 6);
    let mut sup_overdue = BTreeSet::new();
    for s in listings {
        let active = s["status"] == "active";
        let deadline: NaiveDate = s["deadline"].as_str().unwrap().parse().unwrap();
        let rule = is_supervision_overdue(active, deadline, today);
        assert_eq!(rule, active && deadline < today, "the table: {s}");
        assert_eq!(s["overdue"].as_bool(), Some(rule), "{s}");
        if rule {
            sup_overdue.insert(s["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(sup_overdue.len(), 1);
    assert_eq!(ids(&app.get("/v1/supervisions?overdue=true&limit=100", &sup).await.expect(200).body), sup_overdue);

    // The deadline job records exactly the overdue hazards and listings.
    let st = app.state.clone();
    let report = tokio::task::spawn_blocking(move || hazard_api::jobs::run_once(&st)).await.unwrap().unwrap();
    assert_eq!((report.overdue, report.supervision_overdue), (overdue.len(), sup_overdue.len()));
    for c in &cases {
        let events = app.get(&format!("/v1/hazards/{}/events", c.id), &sup).await.expect(200).body;
        let recorded = events.as_array().unwrap().iter().any(|e| e["action"] == "overdue");
        assert_eq!(recorded, c.overdue, "{:?} {:?}", c.status, c.offset);
    }
}
