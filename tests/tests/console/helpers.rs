//! A browser-like HTTP client for the console: it keeps the console's cookies, follows
//! nothing by itself, and reads the CSRF token from the pages it gets.

use hazard_tests::{TestApp, PASSWORD};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, StatusCode};
use serde_json::json;
use uuid::Uuid;

/// A page as received.
pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    pub fn location(&self) -> Option<String> {
        self.header(LOCATION.as_str())
    }

    /// The first `csrf` hidden field of the page.
    pub fn csrf(&self) -> String {
        attr_after(&self.body, "name=\"csrf\" value=\"").expect("a form with a CSRF token")
    }

    /// The `etag` hidden field of the hazard page.
    pub fn etag(&self) -> String {
        html_unescape(&attr_after(&self.body, "name=\"etag\" value=\"").expect("an etag field"))
    }
}

fn attr_after(body: &str, marker: &str) -> Option<String> {
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

/// Undoes the escaping askama applies to attribute values.
pub fn html_unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A console user agent with its cookie jar.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: Vec<(String, String)>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser { app, cookies: Vec::new() }
    }

    fn remember(&mut self, res: &Response) {
        for v in res.headers().get_all(SET_COOKIE) {
            let text = v.to_str().expect("cookie text");
            let pair = text.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').expect("name=value");
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !text.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    async fn read(&mut self, res: Response) -> Page {
        self.remember(&res);
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.expect("body");
        Page { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let res = self
            .app
            .client
            .get(format!("{}{path}", self.app.address))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .expect("sent");
        self.read(res).await
    }

    /// Posts a form (`pairs` as typed; add the CSRF token yourself).
    pub async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let res = self
            .app
            .client
            .post(format!("{}{path}", self.app.address))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("sent");
        self.read(res).await
    }

    /// Signs in through the console's form; asserts it worked.
    pub async fn sign_in(&mut self, username: &str, password: &str) {
        let page = self.get("/console/login").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let csrf = page.csrf();
        let done = self
            .post(
                "/console/login",
                &[("csrf", &csrf), ("username", username), ("password", password), ("next", "/console/hazards")],
            )
            .await;
        assert_eq!(done.status, 303, "sign-in refused: {}", done.body);
        assert!(self.cookie("hazard_console").is_some(), "no session cookie");
    }
}

/// Creates an account with a known username (as admin) and returns (username, API token).
pub async fn user(app: &TestApp, role: &str, street: Option<&str>) -> (String, String) {
    let admin = app.admin().await;
    let username = format!("{role}.{}", &Uuid::new_v4().simple().to_string()[..8]);
    app.post(
        "/v1/users",
        &admin,
        &json!({"username": username, "password": PASSWORD, "display_name": format!("测试{role}"), "role": role, "street_code": street}),
    )
    .await
    .expect(201);
    let token = app.login(&username, PASSWORD).await;
    (username, token)
}

/// Files a hazard in `street` as `token` and brings it to `pending_review` (submitted
/// by `token`'s account, so someone else reviews it); returns its id.
pub async fn pending_review(app: &TestApp, token: &str, street: &str) -> String {
    let id = app.hazard(token, street).await["id"].as_str().expect("id").to_owned();
    let deadline = hazard_tests::date_in(app, 30);
    app.transition(token, &id, json!({"action": "assign", "department_code": "fire_rescue", "responsible_party": "某公司", "deadline": deadline}))
        .await
        .expect(200);
    app.evidence(token, &id).await;
    app.transition(token, &id, json!({"action": "submit", "note": "已整改"})).await.expect(200);
    id
}
