//! GeoReport output: the same values as JSON or as the spec's XML, and its error format.

use actix_web::{HttpResponse, ResponseError};
use serde_json::Value;

use crate::error::ApiError;

/// `.json` or `.xml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/xml`.
    Xml,
}

impl Format {
    /// Parses the path suffix.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "json" => Some(Format::Json),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `value` as the element `name`: objects become child elements in order, arrays
/// repeat `item` elements, `null` becomes an empty element.
fn element(out: &mut String, name: &str, value: &Value, item: &str) {
    match value {
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in map {
                element(out, k, v, &singular(k));
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for v in items {
                element(out, item, v, item);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn singular(plural: &str) -> String {
    match plural {
        "endpoints" => "endpoint".into(),
        "formats" => "format".into(),
        "attributes" => "attribute".into(),
        "values" => "value".into(),
        "keywords" => "keyword".into(),
        other => other.trim_end_matches('s').to_owned(),
    }
}

/// A GeoReport document: `root` names the XML root, `item` its repeated children.
pub fn document(format: Format, status: u16, root: &str, item: &str, value: &Value) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK);
    match format {
        Format::Json => {
            HttpResponse::build(status).content_type("application/json; charset=utf-8").body(value.to_string())
        }
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            element(&mut out, root, value, item);
            HttpResponse::build(status).content_type("text/xml; charset=utf-8").body(out)
        }
    }
}

/// The spec's error format: `[{"code": 400, "description": "…"}]` / `<errors><error>…`.
pub fn error(format: Format, status: u16, description: &str) -> HttpResponse {
    let body = serde_json::json!([{"code": status, "description": description}]);
    document(format, status, "errors", "error", &body)
}

/// The API's one error type in the spec's format: the same status (a 422 is the spec's
/// 400), the same `Retry-After`, and internal errors logged with their cause.
pub fn problem(format: Format, e: &ApiError) -> HttpResponse {
    let rendered = e.error_response();
    let status = match rendered.status().as_u16() {
        422 => 400,
        other => other,
    };
    let description = match e {
        ApiError::Validation(fields) | ApiError::BadRequest { fields, .. } if !fields.is_empty() => {
            fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    };
    let mut res = error(format, status, &description);
    if let Some(v) = rendered.headers().get(actix_web::http::header::RETRY_AFTER) {
        res.headers_mut().insert(actix_web::http::header::RETRY_AFTER, v.clone());
    }
    res
}

/// A handler's result in the spec's format.
pub fn respond(format: Format, status: u16, root: &str, item: &str, result: Result<Value, ApiError>) -> HttpResponse {
    match result {
        Ok(v) => document(format, status, root, item, &v),
        Err(e) => problem(format, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_nests_and_escapes() {
        let v = serde_json::json!([{"service_code": "fire", "service_name": "消防 & <安全>", "metadata": false, "keywords": ["a", "b"]}]);
        let mut out = String::new();
        element(&mut out, "services", &v, "service");
        assert_eq!(
            out,
            "<services><service><keywords><keyword>a</keyword><keyword>b</keyword></keywords><metadata>false</metadata>\
             <service_code>fire</service_code><service_name>消防 &amp; &lt;安全&gt;</service_name></service></services>"
        );
    }
}
