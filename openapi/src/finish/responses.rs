//! Statuses and headers every operation shares because middleware and extractors produce
//! them, declared on each operation that can meet them, with reusable headers and
//! parameters under `components`.

use serde_json::{json, Map, Value};

use super::schema_ref;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Declares the shared statuses, parameters and headers on every operation.
pub(super) fn declare(doc: &mut Value) {
    components(doc);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                operation(path, method, op);
            }
        }
    }
}

fn components(doc: &mut Value) {
    let c = doc["components"].as_object_mut().map(std::mem::take).unwrap_or_default();
    let mut c = Value::Object(c);
    let text = |description: &str| json!({ "description": description, "schema": { "type": "string" } });
    let int = |description: &str| json!({ "description": description, "schema": { "type": "integer", "minimum": 0 } });
    c["headers"] = json!({
        "X-Request-Id": text("The request's id (yours when you sent a sane one): quote it when reporting a problem."),
        "ETag": text("The version of the resource; send it back in `If-Match` to change it."),
        "Location": text("Where the created resource is."),
        "Retry-After": int("Seconds to wait before trying again."),
        "RateLimit-Limit": int("Requests this API client may make per minute."),
        "RateLimit-Remaining": int("Requests left in the current minute."),
        "RateLimit-Reset": int("Seconds until the current minute ends."),
        "Idempotency-Replayed": text("`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`."),
        "WWW-Authenticate": text("`Bearer`: how to authenticate."),
    });
    c["parameters"] = json!({
        "X-Request-Id": {
            "name": "X-Request-Id", "in": "header", "required": false,
            "description": "Your id for this request (1 to 64 letters, digits, `-`, `_`), echoed back and logged; the server makes one otherwise.",
            "schema": { "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$" }
        },
        "Idempotency-Key": {
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "Makes a retry safe: the first completed answer to this key is stored and replayed to retries of the same request (24 h); the same key with a different request is 422 `idempotency_key_reused`.",
            "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$" }
        },
        "If-Match": {
            "name": "If-Match", "in": "header", "required": false,
            "description": "The `ETag` the change is based on: a stale one is 412.",
            "schema": { "type": "string", "minLength": 1 }
        },
    });
    let schemas = c["schemas"].as_object_mut();
    if let Some(schemas) = schemas {
        schemas.entry("Open311Error").or_insert_with(|| {
            json!({
                "type": "object", "description": "One Open311 GeoReport v2 error.",
                "required": ["code", "description"],
                "properties": {
                    "code": { "type": "integer", "description": "The HTTP status." },
                    "description": { "type": "string", "description": "What went wrong." }
                }
            })
        });
        schemas.entry("Open311Errors").or_insert_with(|| {
            json!({ "type": "array", "description": "The GeoReport v2 error list.", "items": schema_ref("Open311Error") })
        });
    }
    doc["components"] = c;
}

fn header_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/headers/{name}") })
}

fn param_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

/// What an operation is exposed to, read from its declaration.
struct Traits {
    open311: bool,
    secured: bool,
    api_key: bool,
    body: bool,
    json_body: bool,
    query: bool,
    path: bool,
    post: bool,
    database: bool,
}

fn traits(path: &str, method: &str, op: &Map<String, Value>) -> Traits {
    let requirements = op.get("security").and_then(Value::as_array).cloned().unwrap_or_default();
    let named = |scheme: &str| requirements.iter().any(|r| r.get(scheme).is_some());
    let params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let has_in = |place: &str| params.iter().any(|p| p["in"] == place);
    let body = op.get("requestBody");
    Traits {
        open311: path.starts_with("/open311/"),
        secured: requirements.iter().any(|r| r.as_object().is_some_and(|o| !o.is_empty())),
        api_key: named("api_key"),
        body: body.is_some(),
        json_body: body.and_then(|b| b.pointer("/content/application~1json")).is_some(),
        query: has_in("query"),
        path: has_in("path"),
        post: method == "post",
        database: path != "/healthz",
    }
}

fn operation(path: &str, method: &str, op: &mut Map<String, Value>) {
    let t = traits(path, method, op);
    if op.get("security").is_none() {
        // No credentials needed: an empty requirement says so explicitly.
        op.insert("security".into(), json!([{}]));
    }
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    if t.secured {
        wanted.push(("401", "unauthorized: missing, malformed, expired or revoked credentials"));
        wanted.push(("403", "forbidden: the caller's role, scope or jurisdiction does not allow this"));
    }
    if t.api_key {
        wanted.push(("429", "rate_limited: the API client's per-minute limit is spent (see `Retry-After`)"));
    }
    // GeoReport answers a refused parameter (a control character too) with 400.
    if t.body || t.query || t.post || (t.open311 && t.path) {
        wanted.push(("400", "a malformed body, query parameter or `Idempotency-Key`"));
    }
    if t.path {
        wanted.push(("404", "not_found"));
    }
    if t.body {
        wanted.push(("413", "payload_too_large"));
        wanted.push(("415", "unsupported_media_type"));
    }
    if t.post || (!t.open311 && (t.json_body || t.query || t.path)) {
        // Bodies of the wrong shape, and control characters in any parameter.
        wanted.push(("422", "validation_failed: names each refused field"));
    }
    if t.database {
        wanted.push(("503", "unavailable: the database cannot be reached"));
    }
    if t.secured && t.post {
        wanted.push(("429", "rate_limited: too many sign-in attempts, or too many live `Idempotency-Key`s"));
    }
    if t.body {
        wanted.push(("408", "request_timeout: the body arrived too slowly"));
    }
    if method != "get" {
        wanted.push(("507", "insufficient_storage: the server is low on disk space; writes are refused"));
    }
    let responses = op.entry("responses").or_insert_with(|| json!({}));
    if let Some(responses) = responses.as_object_mut() {
        for (status, description) in wanted {
            if !responses.contains_key(status) {
                responses.insert(status.into(), error(t.open311, description));
            }
        }
        sort_statuses(responses);
        for (status, response) in responses.iter_mut() {
            response_headers(status, response, &t);
        }
    }
    parameters(op, &t);
}

/// An error answer. Open311 operations answer in the GeoReport format, except for what
/// the shared middleware refuses before the handler runs (a bad `Idempotency-Key`).
fn error(open311: bool, description: &str) -> Value {
    if open311 {
        json!({
            "description": description,
            "content": {
                "application/json": { "schema": schema_ref("Open311Errors") },
                "text/xml": { "schema": { "type": "string", "description": "`<errors><error><code>…</code><description>…</description></error></errors>`" } },
                "application/problem+json": { "schema": schema_ref("Problem") }
            }
        })
    } else {
        json!({
            "description": description,
            "content": { "application/problem+json": { "schema": schema_ref("Problem") } }
        })
    }
}

fn sort_statuses(responses: &mut Map<String, Value>) {
    let mut entries: Vec<(String, Value)> = std::mem::take(responses).into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    responses.extend(entries);
}

fn response_headers(status: &str, response: &mut Value, t: &Traits) {
    let Some(r) = response.as_object_mut() else { return };
    if r.get("description").and_then(Value::as_str).is_none_or(str::is_empty) {
        r.insert("description".into(), json!(default_description(status)));
    }
    let headers = r.entry("headers").or_insert_with(|| json!({}));
    let Some(h) = headers.as_object_mut() else { return };
    for name in ["ETag", "Location"] {
        if h.contains_key(name) {
            h.insert(name.into(), header_ref(name));
        }
    }
    h.insert("X-Request-Id".into(), header_ref("X-Request-Id"));
    if t.api_key {
        for name in ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"] {
            h.insert(name.into(), header_ref(name));
        }
    }
    if status == "429" {
        h.insert("Retry-After".into(), header_ref("Retry-After"));
    }
    if status == "401" {
        h.insert("WWW-Authenticate".into(), header_ref("WWW-Authenticate"));
    }
    if t.post && status.starts_with('2') {
        h.insert("Idempotency-Replayed".into(), header_ref("Idempotency-Replayed"));
    }
}

fn default_description(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "created",
        "202" => "accepted",
        "204" => "no content",
        "304" => "not modified: your copy is current",
        _ => "see the problem's `code`",
    }
}

fn parameters(op: &mut Map<String, Value>, t: &Traits) {
    let statuses: Vec<String> =
        op.get("responses").and_then(Value::as_object).map(|r| r.keys().cloned().collect()).unwrap_or_default();
    let params = op.entry("parameters").or_insert_with(|| json!([]));
    let Some(list) = params.as_array_mut() else { return };
    let declared = |list: &[Value], name: &str| {
        list.iter().any(|p| {
            let named = p["name"].as_str().or_else(|| p["$ref"].as_str().and_then(|r| r.rsplit('/').next()));
            named.is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    };
    for p in list.iter_mut() {
        if p["in"] == "header" && p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("If-Match")) {
            *p = param_ref("If-Match");
        }
    }
    if statuses.iter().any(|s| s == "412" || s == "428") && !declared(list, "If-Match") {
        list.push(param_ref("If-Match"));
    }
    if t.post && !declared(list, "Idempotency-Key") {
        list.push(param_ref("Idempotency-Key"));
    }
    list.push(param_ref("X-Request-Id"));
}
