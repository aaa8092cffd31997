//! `GET/POST /console/login` and `POST /console/logout`: the same accounts, passwords
//! and sign-in rations as `POST /v1/auth/login`; a session cookie instead of tokens.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::Duration;
use hazard_infra::repo::console_sessions;
use hazard_infra::secrets::random_token;
use serde::Deserialize;

use super::error::ConsoleError;
use super::form::Form;
use super::page::{html, see_other};
use super::post::Posted;
use super::session::{self, csrf_of, read_cookie, set_cookie, COOKIE, LOGIN_COOKIE};
use crate::error::{blocking, ApiError};
use crate::routes::auth::login::authenticate;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    username: String,
    message: Option<String>,
    signed_out: bool,
}

/// The query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    bye: Option<String>,
}

/// A console path to go on to after signing in; anything else (another site, a
/// scheme-relative URL) is the console's front page.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/console/") && !n.contains("//") && !n.contains('\\') => n.to_owned(),
        _ => "/console/".to_owned(),
    }
}

/// `GET /console/login`.
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let next = safe_next(query.next.as_deref());
    if session::current(&req).await?.is_some() {
        return Ok(see_other(&next));
    }
    let token = read_cookie(&req, LOGIN_COOKIE).filter(|t| t.len() >= 32).unwrap_or_else(|| random_token(32));
    let page = LoginPage {
        csrf: csrf_of(&token),
        next,
        username: String::new(),
        message: None,
        signed_out: query.bye.is_some(),
    };
    let mut res = html(StatusCode::OK, page.render());
    set_cookie(&mut res, &state, LOGIN_COOKIE, &token);
    Ok(res)
}

/// `POST /console/login`.
pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let Some(login_token) = read_cookie(&req, LOGIN_COOKIE) else {
        return Err(ConsoleError::Csrf);
    };
    let form = Form::parse(&req, &body, &csrf_of(&login_token))?;
    let username = form.get("username").unwrap_or_default().to_owned();
    let password = form.fields_raw("password");
    let next = safe_next(form.get("next"));
    let address = crate::client_addr::of(&req);
    let st = state.clone();
    let name = username.clone();
    let started = blocking(move || {
        let mut conn = st.conn()?;
        let user = authenticate(&st, &mut conn, &name, &password, &address)?;
        let idle = Duration::minutes(st.settings.console.idle_minutes.max(1));
        Ok(console_sessions::start(&mut conn, &user.id, st.now_naive(), idle)?)
    })
    .await;
    match started {
        Ok(token) => {
            let mut res = see_other(&next);
            set_cookie(&mut res, &state, COOKIE, &token);
            set_cookie(&mut res, &state, LOGIN_COOKIE, "");
            Ok(res)
        }
        Err(e @ (ApiError::Unauthorized { .. } | ApiError::RateLimited(_))) => {
            let status = actix_web::ResponseError::status_code(&e);
            let message = match &e {
                ApiError::RateLimited(secs) => format!("尝试次数过多，请 {secs} 秒后再试。"),
                _ => "用户名或密码错误，或账号已停用。".to_owned(),
            };
            let page =
                LoginPage { csrf: csrf_of(&login_token), next, username, message: Some(message), signed_out: false };
            let mut res = html(status, page.render());
            if let ApiError::RateLimited(secs) = e {
                res.headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, actix_web::http::header::HeaderValue::from(secs));
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /console/logout`: ends the session on the server, not only in the browser.
pub async fn sign_out(req: HttpRequest, _: Posted, state: web::Data<AppState>) -> Result<HttpResponse, ConsoleError> {
    let token = read_cookie(&req, COOKIE).unwrap_or_default();
    let st = state.clone();
    blocking(move || Ok(console_sessions::end(&mut *st.conn()?, &token, st.now_naive())?)).await?;
    let mut res = see_other("/console/login?bye=1");
    set_cookie(&mut res, &state, COOKIE, "");
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_console_paths_are_gone_on_to() {
        assert_eq!(safe_next(Some("/console/board?overdue=true")), "/console/board?overdue=true");
        for bad in [
            None,
            Some("https://evil.example/"),
            Some("//evil.example/"),
            Some("/console//evil"),
            Some("/v1/me"),
            Some("/console/\\evil"),
        ] {
            assert_eq!(safe_next(bad), "/console/", "{bad:?}");
        }
    }
}
