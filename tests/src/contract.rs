//! Every response the harness receives is checked against the committed
//! `openapi/openapi.json`: its status must be declared for the operation, its content
//! type must be one the operation declares for that status, and a JSON body must satisfy
//! the declared schema (formats included). A mismatch panics, failing the test that made
//! the request, so the document cannot drift from what the server really sends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;
use serde_json::{json, Value};

/// The committed document.
const DOCUMENT: &str = include_str!("../../openapi/openapi.json");

struct Operation {
    method: String,
    template: String,
    pattern: Regex,
    literal_len: usize,
}

struct Contract {
    doc: Value,
    operations: Vec<Operation>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let doc: Value = serde_json::from_str(DOCUMENT).expect("openapi/openapi.json is JSON");
        let mut operations = Vec::new();
        for (template, item) in doc["paths"].as_object().expect("paths") {
            let mut pattern = String::from("^");
            let mut literal_len = 0;
            for (i, part) in template.split('{').enumerate() {
                let literal = if i == 0 {
                    part
                } else {
                    pattern.push_str("[^/]+?");
                    part.split_once('}').map_or("", |(_, rest)| rest)
                };
                literal_len += literal.len();
                pattern.push_str(&regex::escape(literal));
            }
            pattern.push('$');
            for method in item.as_object().expect("path item").keys() {
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    template: template.clone(),
                    pattern: Regex::new(&pattern).expect("path pattern"),
                    literal_len,
                });
            }
        }
        // The most literal template wins (`/v1/hazards/sync` before `/v1/hazards/{id}`).
        operations.sort_by_key(|o| std::cmp::Reverse(o.literal_len));
        Contract { doc, operations, validators: Mutex::new(HashMap::new()) }
    })
}

fn validator(c: &Contract, pointer: &str, schema: &Value) -> Arc<jsonschema::Validator> {
    let mut cache = c.validators.lock().expect("validator cache");
    if let Some(v) = cache.get(pointer) {
        return v.clone();
    }
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": c.doc["components"],
        "allOf": [schema],
    });
    let v = Arc::new(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema at {pointer} does not compile: {e}")),
    );
    cache.insert(pointer.to_owned(), v.clone());
    v
}

/// Checks one response to `method path` (the path may carry a query string); panics
/// with the reasons when it does not match the document. Paths the document does not
/// describe (the docs page, unknown routes) are not checked.
pub fn check(method: &str, path: &str, status: u16, content_type: Option<&str>, text: &str) {
    let c = contract();
    let path = path.split('?').next().unwrap_or(path);
    let Some(op) = c.operations.iter().find(|o| o.method == method && o.pattern.is_match(path)) else { return };
    let key = format!("{} {}", method, op.template);
    let responses = &c.doc["paths"][&op.template][method.to_ascii_lowercase()]["responses"];
    let status_key = status.to_string();
    let Some(response) = responses.get(&status_key).or_else(|| responses.get("default")) else {
        panic!("{key} answered {status}, which the document does not declare; body: {text}");
    };
    let Some(content) = response.get("content").and_then(Value::as_object) else { return };
    let essence = content_type.unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let declared = content.iter().find(|(ct, _)| {
        let ct = ct.as_str();
        ct == essence || ct.strip_suffix("/*").is_some_and(|major| essence.starts_with(&format!("{major}/")))
    });
    let Some((ct, media)) = declared else {
        panic!(
            "{key} answered {status} as `{essence}`, but the document declares only {:?}; body: {text}",
            content.keys().collect::<Vec<_>>()
        );
    };
    if !(ct.ends_with("json")) {
        return;
    }
    let Some(schema) = media.get("schema") else { return };
    let body: Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{key} answered {status} as `{essence}` but the body is not JSON ({e}): {text}"));
    let pointer = format!("{key} {status} {ct}");
    let v = validator(c, &pointer, schema);
    let errors: Vec<String> = v.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    if !errors.is_empty() {
        panic!(
            "{key} answered {status} with a body that violates its schema:\n  {}\nbody: {text}",
            errors.join("\n  ")
        );
    }
}
