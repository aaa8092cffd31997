//! A small W3C WebDriver client over reqwest, enough to drive headless Chromium through
//! `chromedriver`: sessions, navigation, elements, clicks, typing, scripts, screenshots.
//! (The WebDriver client crates pull a second TLS crypto provider, aws-lc, into the
//! build; the protocol itself is a handful of JSON calls.)

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};

/// The key WebDriver names element references by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `chromedriver`, stopped when dropped.
pub struct Driver {
    child: Child,
    url: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser (a WebDriver session).
pub struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

/// An element found on the page.
#[derive(Debug, Clone)]
pub struct Element(String);

fn binary(names: &[&str]) -> String {
    for n in names {
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"] {
            let p = format!("{dir}/{n}");
            if std::path::Path::new(&p).exists() {
                return p;
            }
        }
    }
    panic!(
        "{} not found: install Debian's chromium and chromium-driver (`apt-get install -y chromium chromium-driver`)",
        names[0]
    );
}

impl Driver {
    /// Starts `chromedriver` on a free port and waits until it answers.
    pub async fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(binary(&["chromedriver"]))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver { child, url: format!("http://127.0.0.1:{port}"), http: reqwest::Client::new() };
        for _ in 0..100 {
            if let Ok(r) = driver.http.get(format!("{}/status", driver.url)).send().await {
                if r.status().is_success() {
                    return driver;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start");
    }

    /// Opens a headless Chromium window `width`×`height`.
    pub async fn session(&self, width: u32, height: u32) -> Session<'_> {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary(&["chromium", "chromium-browser"]),
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--lang=zh-CN", format!("--window-size={width},{height}"), "--hide-scrollbars"]
            }
        }}});
        let answer = self.call(reqwest::Method::POST, "/session", Some(caps)).await;
        let id = answer["sessionId"].as_str().expect("session id").to_owned();
        Session { driver: self, id }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method.clone(), format!("{}{path}", self.url));
        if let Some(b) = body {
            req = req.json(&b);
        } else if method == reqwest::Method::POST {
            req = req.json(&json!({}));
        }
        let res = req.send().await.expect("WebDriver answers");
        let status = res.status();
        let value: Value = res.json().await.expect("WebDriver JSON");
        assert!(status.is_success(), "WebDriver {method} {path}: {status} {value}");
        value["value"].clone()
    }
}

impl Session<'_> {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.driver.call(method, &format!("/session/{}{path}", self.id), body).await
    }

    /// Loads `url` and waits for the page.
    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    /// The address of the current page.
    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None).await.as_str().unwrap_or_default().to_owned()
    }

    /// The elements matching a CSS selector, now.
    pub async fn all(&self, css: &str) -> Vec<Element> {
        let found =
            self.call(reqwest::Method::POST, "/elements", Some(json!({"using": "css selector", "value": css}))).await;
        found
            .as_array()
            .map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str()).map(|s| Element(s.to_owned())).collect())
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to 10 s for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        for _ in 0..100 {
            if let Some(e) = self.all(css).await.into_iter().next() {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.url().await;
        panic!("no element `{css}` on {url}");
    }

    /// Clicks an element.
    pub async fn click(&self, e: &Element) {
        self.call(reqwest::Method::POST, &format!("/element/{}/click", e.0), None).await;
    }

    /// Types `text` into an element.
    pub async fn type_into(&self, e: &Element, text: &str) {
        self.call(reqwest::Method::POST, &format!("/element/{}/value", e.0), Some(json!({"text": text}))).await;
    }

    /// An element's visible text.
    pub async fn text(&self, e: &Element) -> String {
        self.call(reqwest::Method::GET, &format!("/element/{}/text", e.0), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// An element's attribute.
    pub async fn attr(&self, e: &Element, name: &str) -> Option<String> {
        self.call(reqwest::Method::GET, &format!("/element/{}/attribute/{name}", e.0), None)
            .await
            .as_str()
            .map(str::to_owned)
    }

    /// Runs a script in the page (arguments may be elements).
    pub async fn script(&self, code: &str, args: Vec<Value>) -> Value {
        self.call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": code, "args": args}))).await
    }

    /// An element as a script argument.
    pub fn arg(e: &Element) -> Value {
        json!({ELEMENT: e.0})
    }

    /// Resizes the window.
    pub async fn resize(&self, width: u32, height: u32) {
        self.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": width, "height": height}))).await;
    }

    /// A PNG of the window.
    pub async fn screenshot(&self) -> Vec<u8> {
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD.decode(b64.as_str().expect("base64")).expect("PNG")
    }

    /// Closes the browser.
    pub async fn close(self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}
