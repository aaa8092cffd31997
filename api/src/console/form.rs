//! Form posts: the CSRF check, and turning the fields into the JSON the API's request
//! types parse, so that a form is validated by exactly the rules a JSON body is (and its
//! problems name the same fields).

use actix_web::http::header;
use actix_web::HttpRequest;
use serde_json::{Map, Value};

use super::error::ConsoleError;
use super::session::same;
use crate::error::ApiError;

/// The fields of one posted form, in order (a name may repeat: check boxes).
#[derive(Debug, Clone, Default)]
pub struct Form {
    fields: Vec<(String, String)>,
}

/// How a field's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// A number (left as text when it is not one, so the type error names the field).
    Number,
    /// Every value of the name, as an array of strings.
    List,
    /// `true`/`false`.
    Flag,
}

impl Form {
    /// Reads an `application/x-www-form-urlencoded` body and checks that it carries
    /// `csrf` (the session's token): anything else is refused before it is read further.
    pub fn parse(req: &HttpRequest, body: &[u8], csrf: &str) -> Result<Form, ConsoleError> {
        let form_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("application/x-www-form-urlencoded"));
        if !form_type {
            return Err(
                ApiError::UnsupportedMediaType("send an HTML form (application/x-www-form-urlencoded)".into()).into()
            );
        }
        let fields: Vec<(String, String)> =
            form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let sent = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
        match sent {
            Some(token) if same(token, csrf) => Ok(Form { fields }),
            _ => Err(ConsoleError::Csrf),
        }
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The first value of `name` exactly as sent (passwords: spaces count).
    pub fn fields_raw(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// The fields as they were typed (to fill the form again after a refusal).
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields.iter().filter(|(k, _)| k != "csrf").cloned().collect()
    }

    /// A JSON object of the named fields: blank ones are left out (an optional field not
    /// given), `a.b` names nest (`rectification_plan.measures`).
    pub fn json(&self, names: &[(&str, Kind)]) -> Value {
        let mut root = Map::new();
        for (name, kind) in names {
            let value = match kind {
                Kind::List => {
                    let all = self.all(name);
                    if all.is_empty() {
                        continue;
                    }
                    Value::Array(all.into_iter().map(Value::String).collect())
                }
                _ => {
                    let Some(text) = self.get(name) else { continue };
                    match kind {
                        Kind::Number => text
                            .parse::<f64>()
                            .ok()
                            .and_then(|n| {
                                if n.fract() == 0.0 && n.abs() < 1e15 {
                                    Some(Value::from(n as i64))
                                } else {
                                    serde_json::Number::from_f64(n).map(Value::Number)
                                }
                            })
                            .unwrap_or_else(|| Value::String(text.to_owned())),
                        Kind::Flag => Value::Bool(matches!(text, "true" | "on" | "1")),
                        _ => Value::String(text.to_owned()),
                    }
                }
            };
            insert(&mut root, name, value);
        }
        Value::Object(root)
    }
}

fn insert(map: &mut Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        None => {
            map.insert(name.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = map.entry(head.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = child {
                insert(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form { fields: pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() }
    }

    #[test]
    fn fields_become_the_json_of_the_request_types() {
        let f = form(&[
            ("csrf", "x"),
            ("reason", " 逾期 "),
            ("deadline", ""),
            ("amount", "500"),
            ("ratio", "1.5"),
            ("rate", "abc"),
            ("scopes", "cases:read"),
            ("scopes", "stats:read"),
            ("rectification_plan.measures", "清理"),
            ("active", "false"),
        ]);
        let v = f.json(&[
            ("reason", Kind::Text),
            ("deadline", Kind::Text),
            ("amount", Kind::Number),
            ("ratio", Kind::Number),
            ("rate", Kind::Number),
            ("scopes", Kind::List),
            ("rectification_plan.measures", Kind::Text),
            ("active", Kind::Flag),
        ]);
        assert_eq!(
            v,
            serde_json::json!({"reason": "逾期", "amount": 500, "ratio": 1.5, "rate": "abc",
                "scopes": ["cases:read", "stats:read"], "rectification_plan": {"measures": "清理"}, "active": false})
        );
        assert!(!f.values().iter().any(|(k, _)| k == "csrf"));
    }
}
