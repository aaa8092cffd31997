//! A response read whole, and the assertions tests make on it.

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::contract;

/// A response read whole: status, headers and JSON body (Null when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as JSON.
    pub body: Value,
    /// Body as text.
    pub text: String,
}

impl Reply {
    /// Reads a response.
    pub async fn read(res: Response) -> Reply {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    /// Reads a response to `method path` and checks it against the committed OpenAPI
    /// document (see [`contract`]): an undeclared status, content type or a body that
    /// breaks its schema fails the test.
    pub async fn checked(method: &str, path: &str, res: Response) -> Reply {
        let reply = Reply::read(res).await;
        contract::check(method, path, reply.status.as_u16(), reply.header("content-type").as_deref(), &reply.text);
        reply
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Reply {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        self
    }

    /// Asserts an RFC 9457 problem with `code`; returns the names of the fields it lists.
    #[track_caller]
    pub fn problem(&self, status: u16, code: &str) -> Vec<String> {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        assert_eq!(self.header("content-type").as_deref(), Some("application/problem+json"), "{}", self.text);
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status, "{}", self.text);
        assert!(self.body["title"].is_string() && self.body["type"].is_string() && self.body["detail"].is_string());
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}
