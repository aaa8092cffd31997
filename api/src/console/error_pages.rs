//! Console requests refused before a console handler runs (an unknown page, a method the
//! page lacks, a query the input guard refuses, a form over the size limit, a disk too
//! full to write) answer with the console's HTML error page, with the same status and
//! headers, instead of the API's problem JSON or actix's plain text: a person reads them.
//! What the handlers refuse is already a page ([`super::error::ConsoleError`]).

use actix_web::body::{to_bytes_limited, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

use super::error::page;

/// The most of a refusal's own text read to quote it on the page.
const MAX_QUOTED: usize = 16 * 1024;

/// Whether `path` is the console's (`/console` and below).
fn is_console(path: &str) -> bool {
    path == super::ROOT || path.starts_with("/console/")
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
}

/// What a person is told for `status`, with the refusal's own text when it has one.
fn message(status: StatusCode, detail: &str) -> String {
    let what = match status.as_u16() {
        400 | 422 => "请求参数有误。",
        404 => "没有这个页面。",
        405 => "该页面不支持这种操作。",
        408 => "提交超时，请重新提交。",
        413 => "提交的内容过大。",
        429 => "操作过于频繁，请稍后再试。",
        503 | 507 => "服务暂不可用，请稍后重试。",
        _ => "请求未能完成。",
    };
    if detail.is_empty() {
        what.to_owned()
    } else {
        format!("{what}（{detail}）")
    }
}

/// The refusal's text: a problem's `detail`, or a plain-text body.
fn detail(headers: &HeaderMap, body: &[u8]) -> String {
    let problem = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let text = if problem {
        serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(str::to_owned))
            .unwrap_or_default()
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    text.chars().take(300).collect()
}

/// The middleware: a console error that is not a page becomes one.
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let console = is_console(req.path());
    let res = next.call(req).await?;
    let status = res.status();
    if !console || !(status.is_client_error() || status.is_server_error()) || is_html(res.headers()) {
        return Ok(res.map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let quoted = match to_bytes_limited(body, MAX_QUOTED).await {
        Ok(Ok(bytes)) => detail(head.headers(), &bytes),
        _ => String::new(),
    };
    let mut page = page(status, message(status, &quoted));
    for (name, value) in head.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH && name != header::CONTENT_SECURITY_POLICY {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, page).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_the_console() {
        assert!(is_console("/console"));
        assert!(is_console("/console/hazards"));
        assert!(!is_console("/consoles"));
        assert!(!is_console("/v1/hazards"));
    }

    #[test]
    fn the_page_quotes_a_problem_or_a_plain_refusal() {
        let mut json = HeaderMap::new();
        json.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        assert_eq!(detail(&json, br#"{"status":422,"detail":"q: a control character"}"#), "q: a control character");
        assert_eq!(detail(&json, b"not json"), "");
        let mut text = HeaderMap::new();
        text.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
        assert_eq!(detail(&text, b"payload reached size limit"), "payload reached size limit");
        assert_eq!(message(StatusCode::NOT_FOUND, ""), "没有这个页面。");
        assert_eq!(message(StatusCode::PAYLOAD_TOO_LARGE, "x"), "提交的内容过大。（x）");
    }
}
