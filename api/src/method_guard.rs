//! 405 with `Allow` for a method a path does not have. actix answers such requests with
//! the default service (404); this table, built from the same OpenAPI document the
//! routes register, tells the two apart.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use hazard_openapi::problem::Problem;
use regex::Regex;
use serde_json::Value;

/// Every documented path template with its methods.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Regex, Vec<String>)>,
}

impl RouteTable {
    /// Reads the paths of the served document.
    pub fn from_doc(doc: &Value) -> Self {
        let mut routes = Vec::new();
        for (template, item) in doc["paths"].as_object().into_iter().flatten() {
            let mut pattern = String::from("^");
            for (i, part) in template.split('{').enumerate() {
                let literal = if i == 0 {
                    part
                } else {
                    pattern.push_str("[^/]+?");
                    part.split_once('}').map_or("", |(_, rest)| rest)
                };
                pattern.push_str(&regex::escape(literal));
            }
            pattern.push('$');
            let methods: Vec<String> =
                item.as_object().into_iter().flatten().map(|(m, _)| m.to_ascii_uppercase()).collect();
            if let Ok(re) = Regex::new(&pattern) {
                routes.push((re, methods));
            }
        }
        RouteTable { routes }
    }

    /// The methods `path` answers to (none when no route matches it).
    pub fn allowed(&self, path: &str) -> Vec<String> {
        let mut out: Vec<String> =
            self.routes.iter().filter(|(re, _)| re.is_match(path)).flat_map(|(_, m)| m.iter().cloned()).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The 405 answer for `req`, when its path exists with other methods.
pub fn method_not_allowed(table: &RouteTable, req: &HttpRequest) -> Option<HttpResponse> {
    let allowed = table.allowed(req.path());
    if allowed.is_empty() || allowed.iter().any(|m| m == req.method().as_str()) {
        return None;
    }
    let problem = Problem {
        kind: "https://hazard-api.example/problems/method-not-allowed".into(),
        title: "Method Not Allowed".into(),
        status: 405,
        detail: format!("{} {} is not supported; use {}", req.method(), req.path(), allowed.join(", ")),
        code: "method_not_allowed".into(),
        errors: vec![],
    };
    Some(
        HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, allowed.join(", ")))
            .content_type("application/problem+json")
            .body(serde_json::to_string(&problem).unwrap_or_default()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_methods_of_a_matching_template() {
        let doc = serde_json::json!({"paths": {
            "/v1/hazards": {"get": {}, "post": {}},
            "/v1/hazards/{id}": {"get": {}, "patch": {}},
            "/open311/v2/requests/{id}.{format}": {"get": {}}
        }});
        let t = RouteTable::from_doc(&doc);
        assert_eq!(t.allowed("/v1/hazards"), ["GET", "POST"]);
        assert_eq!(t.allowed("/v1/hazards/abc"), ["GET", "PATCH"]);
        assert_eq!(t.allowed("/open311/v2/requests/x.json"), ["GET"]);
        assert!(t.allowed("/v1/nothing").is_empty());
    }
}
