//! How a console request fails: a redirect to the sign-in page, or an HTML page that
//! says what went wrong (never a JSON problem: a person reads it).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::page::html;
use crate::error::ApiError;

/// A failed console request.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// Not signed in (or the session ended): sign in, then come back to this path.
    #[error("sign in first")]
    SignIn(String),
    /// A form without the session's CSRF token, or with another one.
    #[error("the form's CSRF token is missing or wrong")]
    Csrf,
    /// What the use case or read answered.
    #[error(transparent)]
    Api(#[from] ApiError),
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: String,
}

/// The Chinese heading for a status.
fn title_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "请求有误",
        401 => "请先登录",
        403 => "无权操作",
        404 => "未找到",
        409 => "状态冲突",
        412 => "页面已过期",
        413 => "内容过大",
        429 => "操作过于频繁",
        503 | 507 => "服务暂不可用",
        _ => "出错了",
    }
}

/// The console's error page for `status`, saying `message`.
pub fn page(status: StatusCode, message: String) -> HttpResponse {
    html(status, ErrorPage { status: status.as_u16(), title: title_of(status), message }.render())
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        match self {
            ConsoleError::SignIn(_) => StatusCode::SEE_OTHER,
            ConsoleError::Csrf => StatusCode::FORBIDDEN,
            ConsoleError::Api(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if let ConsoleError::SignIn(back) = self {
            let target = format!(
                "/console/login?{}",
                form_urlencoded::Serializer::new(String::new()).append_pair("next", back).finish()
            );
            return HttpResponse::SeeOther().insert_header((header::LOCATION, target)).finish();
        }
        let message = match self {
            ConsoleError::Csrf => "表单校验失败（CSRF 令牌缺失或不正确）。请返回上一页，刷新后重新提交。".to_owned(),
            ConsoleError::Api(ApiError::Internal(cause)) => {
                tracing::error!(error = %cause, "console request failed");
                "服务器内部错误，请稍后重试。".to_owned()
            }
            ConsoleError::Api(e) => super::labels::problem(e),
            ConsoleError::SignIn(_) => String::new(),
        };
        let mut res = page(status, message);
        if let ConsoleError::Api(ApiError::RateLimited(secs)) = self {
            res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*secs));
        }
        res
    }
}
