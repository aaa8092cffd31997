//! The HTTP helpers of a test server: calls with a token, signing in, accounts,
//! hazards, transitions and photo uploads, each answer checked against the contract.

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{general_hazard, Reply, TestApp, ADMIN_PASSWORD, PASSWORD, PNG_1X1};

impl TestApp {
    /// Sends a request with an optional bearer token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        self.call_with(method, path, token, body, &[]).await
    }

    /// Same, with extra headers.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let method_name = method.as_str().to_owned();
        let mut req = self.client.request(method, format!("{}{}", self.address, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Reply::checked(&method_name, path, req.send().await.expect("request sent")).await
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// Signs in and returns the whole token response.
    pub async fn login_reply(&self, username: &str, password: &str) -> Reply {
        self.call(Method::POST, "/v1/auth/login", None, Some(&json!({"username": username, "password": password})))
            .await
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self.login_reply(username, password).await.expect(200);
        r.body["access_token"].as_str().expect("access_token").to_owned()
    }

    /// The administrator's access token.
    pub async fn admin(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Creates an account (as admin) and returns its access token and id.
    pub async fn account(&self, role: &str, street: Option<&str>) -> (String, String) {
        self.account_for(role, street, None).await
    }

    /// Creates an account, optionally bound to an enterprise, and signs it in.
    pub async fn account_for(&self, role: &str, street: Option<&str>, enterprise: Option<&str>) -> (String, String) {
        let admin = self.admin().await;
        let username = format!("{role}.{}", &Uuid::new_v4().simple().to_string()[..8]);
        let created = self
            .post(
                "/v1/users",
                &admin,
                &json!({
                    "username": username, "password": PASSWORD, "display_name": format!("测试{role}"),
                    "role": role, "street_code": street, "enterprise_id": enterprise
                }),
            )
            .await
            .expect(201);
        let id = created.body["id"].as_str().expect("id").to_owned();
        (self.login(&username, PASSWORD).await, id)
    }

    /// Files a general fire hazard in `street` and returns its JSON.
    pub async fn hazard(&self, token: &str, street: &str) -> Value {
        self.post("/v1/hazards", token, &general_hazard(street)).await.expect(201).body
    }

    /// Applies a transition and returns the reply.
    pub async fn transition(&self, token: &str, id: &str, body: Value) -> Reply {
        self.post(&format!("/v1/hazards/{id}/transitions"), token, &body).await
    }

    /// Uploads `bytes` as a photo of `kind` to a hazard.
    pub async fn upload(&self, token: &str, hazard_id: &str, kind: &str, bytes: Vec<u8>) -> Reply {
        self.upload_with(token, hazard_id, kind, bytes, &[]).await
    }

    /// Same, with extra form fields and headers (`("header:Name", value)` adds a header).
    pub async fn upload_with(
        &self,
        token: &str,
        hazard_id: &str,
        kind: &str,
        bytes: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").expect("mime");
        let mut form = reqwest::multipart::Form::new().part("file", part).text("kind", kind.to_owned());
        let mut req = self.client.post(format!("{}/v1/hazards/{hazard_id}/photos", self.address)).bearer_auth(token);
        for (k, v) in extra {
            match k.strip_prefix("header:") {
                Some(h) => req = req.header(h, *v),
                None => form = form.text(k.to_string(), v.to_string()),
            }
        }
        let path = format!("/v1/hazards/{hazard_id}/photos");
        Reply::checked("POST", &path, req.multipart(form).send().await.expect("upload sent")).await
    }

    /// Adds an `after` photo (distinct bytes each call), the evidence submit needs.
    pub async fn evidence(&self, token: &str, hazard_id: &str) -> Value {
        let n = Uuid::new_v4();
        let mut bytes = PNG_1X1.to_vec();
        bytes.extend_from_slice(n.as_bytes());
        self.upload(token, hazard_id, "after", bytes).await.expect(201).body
    }

    /// The number of timeline events of a hazard.
    pub async fn event_count(&self, token: &str, id: &str) -> usize {
        self.get(&format!("/v1/hazards/{id}/events"), token).await.expect(200).body.as_array().map_or(0, Vec::len)
    }
}
