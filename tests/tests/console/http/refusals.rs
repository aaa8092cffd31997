//! Requests refused before a console handler runs still answer with the console's page.

use hazard_tests::spawn_app;

/// Sends `method path` (with `form` as an urlencoded body when given); returns the
/// status, the content type, the `Allow` header and the page.
async fn ask(
    app: &hazard_tests::TestApp,
    method: reqwest::Method,
    path: &str,
    form: Option<String>,
) -> (u16, String, Option<String>, String) {
    let mut req = app.client.request(method, format!("{}{path}", app.address));
    if let Some(body) = form {
        req = req.header("content-type", "application/x-www-form-urlencoded").body(body);
    }
    let res = req.send().await.unwrap();
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, kind, allow) = (res.status().as_u16(), header("content-type").unwrap_or_default(), header("allow"));
    (status, kind, allow, res.text().await.unwrap())
}

#[tokio::test]
async fn refusals_before_a_console_handler_are_console_pages() {
    let app = spawn_app().await;
    let (status, kind, _, page) = ask(&app, reqwest::Method::GET, "/console/no-such-page", None).await;
    assert_eq!((status, kind.as_str()), (404, "text/html; charset=utf-8"));
    assert!(page.contains("没有这个页面"), "{page}");

    let (status, kind, allow, page) = ask(&app, reqwest::Method::PUT, "/console/login", None).await;
    assert_eq!((status, kind.as_str()), (405, "text/html; charset=utf-8"));
    assert!(allow.is_some_and(|a| a.contains("GET") && a.contains("POST")), "Allow stays");
    assert!(page.contains("不支持这种操作"), "{page}");

    let (status, kind, _, page) = ask(&app, reqwest::Method::GET, "/console/hazards?q=a%00b", None).await;
    assert_eq!((status, kind.as_str()), (422, "text/html; charset=utf-8"));
    assert!(page.contains("请求参数有误"), "{page}");

    let huge = format!("username={}", "a".repeat(3 * 1024 * 1024));
    let (status, kind, _, page) = ask(&app, reqwest::Method::POST, "/console/login", Some(huge)).await;
    assert_eq!((status, kind.as_str()), (413, "text/html; charset=utf-8"));
    assert!(page.contains("提交的内容过大"), "{page}");

    // The API keeps its problems.
    let (status, kind, _, _) = ask(&app, reqwest::Method::GET, "/v1/no-such-thing", None).await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
}
