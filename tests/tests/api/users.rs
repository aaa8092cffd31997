//! Account administration.

use hazard_tests::{spawn_app, PASSWORD};
use reqwest::Method;
use serde_json::json;

fn new_user(username: &str, role: &str) -> serde_json::Value {
    json!({"username": username, "password": PASSWORD, "display_name": "王检查", "role": role, "street_code": "huayanglu"})
}

#[tokio::test]
async fn admins_create_accounts_without_leaking_password_material() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = app.post("/v1/users", &admin, &new_user("wang.jc", "inspector")).await.expect(201);
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(r.header("location"), Some(format!("/v1/users/{id}")));
    assert_eq!(r.body["role"], "inspector");
    assert_eq!(r.body["street_code"], "huayanglu");
    assert_eq!(r.body["active"], true);
    assert!(!r.text.contains(PASSWORD) && !r.text.contains("argon2") && r.body.get("password").is_none());
    let got = app.get(&format!("/v1/users/{id}"), &admin).await.expect(200);
    assert_eq!(got.body["username"], "wang.jc");
    let token = app.login("wang.jc", PASSWORD).await;
    assert_eq!(app.get("/v1/me", &token).await.expect(200).body["id"], id);
}

#[tokio::test]
async fn only_admins_manage_accounts() {
    let app = spawn_app().await;
    let (inspector, id) = app.account("inspector", None).await;
    app.post("/v1/users", &inspector, &new_user("x.y.z", "admin")).await.problem(403, "forbidden");
    app.get("/v1/users", &inspector).await.problem(403, "forbidden");
    app.get(&format!("/v1/users/{id}"), &inspector).await.problem(403, "forbidden");
    let r =
        app.call(Method::PATCH, &format!("/v1/users/{id}"), Some(&inspector), Some(&json!({"role": "admin"}))).await;
    r.problem(403, "forbidden");
}

#[tokio::test]
async fn bad_account_input_names_the_field_and_stores_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (json!({"username": "ab", "password": PASSWORD, "display_name": "x", "role": "inspector"}), "username", 422),
        (
            json!({"username": "Has Space", "password": PASSWORD, "display_name": "x", "role": "inspector"}),
            "username",
            422,
        ),
        (
            json!({"username": "short.pw", "password": "short", "display_name": "x", "role": "inspector"}),
            "password",
            422,
        ),
        (json!({"username": "bad.role", "password": PASSWORD, "display_name": "x", "role": "root"}), "role", 422),
        (
            json!({"username": "bad.street", "password": PASSWORD, "display_name": "x", "role": "inspector", "street_code": "atlantis"}),
            "street_code",
            422,
        ),
        (
            json!({"username": "ent.none", "password": PASSWORD, "display_name": "x", "role": "enterprise"}),
            "enterprise_id",
            422,
        ),
        (
            json!({"username": "ins.ent", "password": PASSWORD, "display_name": "x", "role": "inspector", "enterprise_id": uuid::Uuid::new_v4()}),
            "enterprise_id",
            422,
        ),
    ];
    for (body, field, status) in cases {
        let r = app.post("/v1/users", &admin, &body).await;
        let fields = r.problem(status, "validation_failed");
        assert!(fields.iter().any(|f| f == field), "{field}: {}", r.text);
    }
    let list = app.get("/v1/users?limit=200", &admin).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1, "only admin exists: {}", list.text);
}

#[tokio::test]
async fn usernames_are_unique() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.post("/v1/users", &admin, &new_user("li.wg", "inspector")).await.expect(201);
    app.post("/v1/users", &admin, &new_user("li.wg", "supervisor")).await.problem(409, "conflict");
}

#[tokio::test]
async fn deactivation_and_password_reset_take_effect() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let r = app.post("/v1/users", &admin, &new_user("zhao.kz", "supervisor")).await.expect(201);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let tokens = app.login_reply("zhao.kz", PASSWORD).await.expect(200);
    let path = format!("/v1/users/{id}");
    let r = app
        .call(Method::PATCH, &path, Some(&admin), Some(&json!({"active": false, "street_code": null})))
        .await
        .expect(200);
    assert_eq!(r.body["active"], false);
    assert_eq!(r.body["street_code"], serde_json::Value::Null);
    app.login_reply("zhao.kz", PASSWORD).await.problem(401, "invalid_credentials");
    let refresh = json!({"refresh_token": tokens.body["refresh_token"]});
    app.call(Method::POST, "/v1/auth/refresh", None, Some(&refresh)).await.problem(401, "unauthorized");
    app.call(Method::PATCH, &path, Some(&admin), Some(&json!({"active": true, "password": "New-password-22"})))
        .await
        .expect(200);
    app.login_reply("zhao.kz", PASSWORD).await.problem(401, "invalid_credentials");
    app.login("zhao.kz", "New-password-22").await;
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = app.get("/v1/me", &admin).await.expect(200);
    let path = format!("/v1/users/{}", me.body["id"].as_str().unwrap());
    app.call(Method::PATCH, &path, Some(&admin), Some(&json!({"active": false})))
        .await
        .problem(422, "validation_failed");
    app.call(Method::PATCH, &path, Some(&admin), Some(&json!({"role": "inspector"})))
        .await
        .problem(422, "validation_failed");
}

#[tokio::test]
async fn account_list_pages_without_gaps() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for i in 0..5 {
        app.post("/v1/users", &admin, &new_user(&format!("user.{i}"), "inspector")).await.expect(201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/users?limit=2&cursor={c}"),
            None => "/v1/users?limit=2".into(),
        };
        let page = app.get(&path, &admin).await.expect(200);
        seen.extend(page.body["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_owned()));
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["admin", "user.0", "user.1", "user.2", "user.3", "user.4"]);
    app.get("/v1/users?cursor=%%%", &admin).await.problem(400, "validation_failed");
    app.get("/v1/users?limit=0", &admin).await.problem(400, "validation_failed");
    app.get("/v1/users/not-a-uuid", &admin).await.problem(404, "not_found");
    app.get(&format!("/v1/users/{}", uuid::Uuid::new_v4()), &admin).await.problem(404, "not_found");
}
