//! The committed document is a contract: its shape, and the response checker the harness
//! runs on every reply.

use hazard_tests::contract::check;
use serde_json::Value;

fn doc() -> Value {
    serde_json::from_str(include_str!("../../../openapi/openapi.json")).expect("JSON")
}

#[test]
fn the_checker_refuses_undeclared_statuses_types_and_bodies() {
    let user = r#"{"id":"0190b6c2-0000-7000-8000-000000000000","username":"a","display_name":"A","role":"admin",
                   "active":true,"created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z"}"#;
    check("GET", "/v1/me", 200, Some("application/json"), user);
    let fails = |status: u16, ct: &str, body: String| {
        let ct = ct.to_owned();
        std::panic::catch_unwind(move || check("GET", "/v1/me", status, Some(&ct), &body)).is_err()
    };
    assert!(fails(200, "application/json", r#"{"id":"x"}"#.into()), "a body missing required fields");
    assert!(fails(200, "application/json", user.replace("admin", "king")), "an unknown enum value");
    assert!(fails(418, "application/json", "{}".into()), "an undeclared status");
    assert!(fails(200, "text/plain", "hi".into()), "an undeclared content type");
}

#[test]
fn every_operation_declares_what_middleware_can_answer() {
    let doc = doc();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let secured =
                op["security"].as_array().unwrap().iter().any(|r| r.as_object().is_some_and(|o| !o.is_empty()));
            let has = |s: &str| responses.contains_key(s);
            if secured {
                assert!(has("401"), "{method} {path} lacks 401");
            }
            if op.get("requestBody").is_some() {
                for s in ["400", "413", "415"] {
                    assert!(has(s), "{method} {path} lacks {s}");
                }
            }
            if path != "/healthz" {
                assert!(has("503"), "{method} {path} lacks 503");
            }
            checked += 1;
        }
    }
    assert!(checked > 60);
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.keys().all(|k| !k.starts_with("Page_")), "pages are named after their items");
    assert_eq!(schemas["UserPage"]["properties"]["items"]["items"]["$ref"], "#/components/schemas/User");
    let t = &schemas["TransitionRequest"];
    assert_eq!(t["discriminator"]["propertyName"], "action");
    assert_eq!(schemas["Assign"]["properties"]["action"]["const"], "assign");
    assert!(schemas["Assign"]["required"].as_array().unwrap().contains(&Value::from("action")));
    assert_eq!(schemas["CreateHazard"]["properties"]["title"]["maxLength"], 200);
    assert_eq!(schemas["PublicHazard"]["additionalProperties"], false);
}
