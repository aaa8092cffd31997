//! One `hazard-api` process and the HTTP calls the multi-replica test makes to it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running replica.
pub struct Node {
    /// Its number in the test's messages.
    pub n: usize,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    child: Option<Child>,
    http: reqwest::Client,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

impl Node {
    /// Starts the binary with `env` on a free loopback port and waits until it is ready.
    pub async fn spawn(n: usize, env: &[(String, String)]) -> Node {
        let port = free_port();
        let log = std::env::temp_dir().join(format!("hazard-replica-{n}-{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_hazard-api"))
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("HAZARD_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("hazard-api starts");
        let mut node =
            Node { n, address: format!("http://127.0.0.1:{port}"), child: Some(child), http: reqwest::Client::new() };
        let started = Instant::now();
        loop {
            if let Ok(r) = node.http.get(format!("{}/readyz", node.address)).send().await {
                if r.status() == 200 {
                    return node;
                }
            }
            let exited = node.child.as_mut().and_then(|c| c.try_wait().ok().flatten());
            if exited.is_some() || started.elapsed() > Duration::from_secs(60) {
                node.kill();
                panic!("replica {n} did not start: {}", std::fs::read_to_string(&log).unwrap_or_default());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `kill -9`.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (u16, Value, reqwest::header::HeaderMap) {
        let res = req.timeout(Duration::from_secs(20)).send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), headers)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// POST JSON, with a bearer token when given.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut req = self.http.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let (s, b, _) = self.send(req).await;
        (s, b)
    }

    /// PATCH JSON; the status.
    pub async fn patch(&self, token: &str, path: &str, body: &Value) -> u16 {
        self.send(self.http.patch(self.url(path)).bearer_auth(token).json(body)).await.0
    }

    /// GET; the status.
    pub async fn status(&self, token: &str, path: &str) -> u16 {
        self.send(self.http.get(self.url(path)).bearer_auth(token)).await.0
    }

    /// Signs in; the access token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let (s, b) = self.post("/v1/auth/login", None, &json!({"username": username, "password": password})).await;
        assert_eq!(s, 200, "login of {username} on replica {}: {b}", self.n);
        b["access_token"].as_str().expect("access_token").to_owned()
    }

    /// Makes a district-wide account of `role`; its username and id.
    pub async fn user(&self, admin: &str, role: &str) -> (String, String) {
        let username = format!("{role}.{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let body = json!({"username": username, "password": super::PASSWORD, "display_name": "测试",
            "role": role, "street_code": null, "enterprise_id": null});
        let (s, b) = self.post("/v1/users", Some(admin), &body).await;
        assert_eq!(s, 201, "{b}");
        (username, b["id"].as_str().expect("id").to_owned())
    }

    /// Uploads an `after` photo; its metadata.
    pub async fn upload(&self, token: &str, hazard: &str, bytes: Vec<u8>) -> Value {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("p.png").mime_str("image/png").expect("mime");
        let form = reqwest::multipart::Form::new().part("file", part).text("kind", "after");
        let url = self.url(&format!("/v1/hazards/{hazard}/photos"));
        let (s, b, _) = self.send(self.http.post(url).bearer_auth(token).multipart(form)).await;
        assert_eq!(s, 201, "{b}");
        b
    }

    /// The bytes behind a photo URL.
    pub async fn bytes(&self, token: &str, path: &str) -> Vec<u8> {
        let res = self.http.get(self.url(path)).bearer_auth(token).send().await.expect("sent");
        assert_eq!(res.status(), 200, "GET {path} on replica {}", self.n);
        res.bytes().await.expect("body").to_vec()
    }

    /// Registers an API client; its key.
    pub async fn client_key(&self, admin: &str, scopes: &[&str], per_minute: i32) -> String {
        let body =
            json!({"name": "城运中心", "scopes": scopes, "street_code": null, "rate_limit_per_minute": per_minute});
        let (s, b) = self.post("/v1/clients", Some(admin), &body).await;
        assert_eq!(s, 201, "{b}");
        b["api_key"].as_str().expect("api_key").to_owned()
    }

    /// GET with an API key; the status and `RateLimit-Remaining`.
    pub async fn get_with_key(&self, key: &str, path: &str) -> (u16, Option<String>) {
        let (s, _, h) = self.send(self.http.get(self.url(path)).header("X-Api-Key", key)).await;
        (s, h.get("ratelimit-remaining").and_then(|v| v.to_str().ok()).map(str::to_owned))
    }

    /// POST JSON with an API key.
    pub async fn post_with_key(&self, key: &str, path: &str, body: &Value) -> (u16, Value) {
        let (s, b, _) = self.send(self.http.post(self.url(path)).header("X-Api-Key", key).json(body)).await;
        (s, b)
    }

    /// How many events of `action` a hazard's timeline has.
    pub async fn count_events(&self, token: &str, hazard: &str, action: &str) -> usize {
        let (s, b, _) =
            self.send(self.http.get(self.url(&format!("/v1/hazards/{hazard}/events"))).bearer_auth(token)).await;
        assert_eq!(s, 200, "{b}");
        b.as_array().expect("events").iter().filter(|e| e["action"] == action).count()
    }

    /// Waits until a hazard's timeline has an event of `action`; how many it has then.
    pub async fn wait_for_events(&self, token: &str, hazard: &str, action: &str, within: Duration) -> usize {
        let started = Instant::now();
        loop {
            let n = self.count_events(token, hazard, action).await;
            if n > 0 {
                return n;
            }
            assert!(started.elapsed() < within, "no {action} event within {within:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// `GET /metrics`.
    pub async fn metrics(&self) -> String {
        let res = self.http.get(self.url("/metrics")).bearer_auth(super::METRICS_TOKEN).send().await.expect("sent");
        assert_eq!(res.status(), 200);
        res.text().await.expect("text")
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}
