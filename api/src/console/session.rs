//! The console's sign-in session: an opaque token in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when the service is served over TLS), looked up on every request
//! (`hazard_infra::repo::console_sessions`): ended by sign-out, deactivation or a
//! password reset, and after `HAZARD_CONSOLE_IDLE_MINUTES` without use. The account's
//! role and street are read afresh each time, so a change of rights applies at once.
//!
//! Every form carries a CSRF token derived from the session token (a synchronizer token
//! that needs no storage): only a page served to this session can know it.

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use chrono::Duration;
use futures_util::future::LocalBoxFuture;
use hazard_domain::Actor;
use hazard_infra::models::UserRow;
use hazard_infra::repo::console_sessions;
use hazard_infra::secrets::sha256_hex;

use super::error::ConsoleError;
use crate::auth::ActorId;
use crate::error::ApiError;
use crate::routes::auth::actor_of;
use crate::state::AppState;

/// The session cookie.
pub const COOKIE: &str = "hazard_console";
/// The cookie that ties the sign-in form to the browser that loaded it.
pub const LOGIN_COOKIE: &str = "hazard_console_login";

/// A signed-in console user.
#[derive(Debug, Clone)]
pub struct Console {
    /// The rules' view of the account.
    pub actor: Actor,
    /// The account as stored (display name, username).
    pub user: UserRow,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// The name of the account's street, when street-scoped (for the header).
    pub street_name: Option<String>,
}

/// The CSRF token of a session (or sign-in form) token: a hash, so the page never
/// reveals the cookie itself.
pub fn csrf_of(token: &str) -> String {
    sha256_hex(format!("hazard-console-csrf\0{token}").as_bytes())
}

/// Compares two tokens in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` sent with the request.
pub fn read_cookie(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Sets cookie `name` to `value` (empty: removes it) with the console's attributes:
/// `HttpOnly`, `SameSite=Strict`, path `/console`, and `Secure` when served over TLS.
/// Values are base64url tokens, which need no quoting.
pub fn set_cookie(res: &mut HttpResponse, state: &AppState, name: &str, value: &str) {
    let mut c = format!("{name}={value}; Path=/console; HttpOnly; SameSite=Strict");
    if state.settings.limits.served_over_tls {
        c.push_str("; Secure");
    }
    if value.is_empty() {
        c.push_str("; Max-Age=0");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn state_of(req: &HttpRequest) -> Result<web::Data<AppState>, ConsoleError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ConsoleError::Api(ApiError::internal("application state missing")))
}

/// Where to come back to after signing in: this page, if it is a console page.
fn back_to(req: &HttpRequest) -> String {
    let path = req.uri().path_and_query().map_or("/console/", |p| p.as_str());
    if req.method() == actix_web::http::Method::GET && path.starts_with("/console/") {
        path.to_owned()
    } else {
        "/console/".to_owned()
    }
}

/// Looks up the session named by the request's cookie and slides its idle expiry.
pub async fn current(req: &HttpRequest) -> Result<Option<Console>, ConsoleError> {
    let state = state_of(req)?;
    let Some(token) = read_cookie(req, COOKIE) else {
        return Ok(None);
    };
    let st = state.clone();
    let t = token.clone();
    let found = crate::error::blocking(move || -> Result<_, ApiError> {
        let mut conn = st.conn()?;
        let now = st.now_naive();
        let Some((row, user)) = console_sessions::find(&mut conn, &t, now)? else {
            return Ok(None);
        };
        let idle = Duration::minutes(st.settings.console.idle_minutes.max(1));
        let cap = row.created_at + Duration::hours(st.settings.console.session_hours.max(1));
        let until = (now + idle).min(cap);
        // Written at most about once a minute per session, not on every request.
        if until - row.expires_at >= Duration::minutes(1) {
            console_sessions::extend(&mut conn, &row.id, until)?;
        }
        let street_name = match &user.street_code {
            Some(code) => {
                hazard_infra::repo::reference::streets(&mut conn)?.into_iter().find(|s| &s.code == code).map(|s| s.name)
            }
            None => None,
        };
        Ok(Some((user, street_name)))
    })
    .await
    .map_err(ConsoleError::Api)?;
    let Some((user, street_name)) = found else { return Ok(None) };
    let actor = actor_of(&user)?;
    req.extensions_mut().insert(ActorId(actor.user_id));
    Ok(Some(Console { actor, user, csrf: csrf_of(&token), street_name }))
}

impl FromRequest for Console {
    type Error = ConsoleError;
    type Future = LocalBoxFuture<'static, Result<Self, ConsoleError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match current(&req).await? {
                Some(console) => Ok(console),
                None => Err(ConsoleError::SignIn(back_to(&req))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_belong_to_one_session_and_reveal_nothing_of_it() {
        let (a, b) = (csrf_of("session-a"), csrf_of("session-b"));
        assert_ne!(a, b);
        assert_eq!(a, csrf_of("session-a"));
        assert!(!a.contains("session-a"));
        assert!(same(&a, &csrf_of("session-a")));
        assert!(!same(&a, &b) && !same(&a, "") && !same(&a, &a[1..]));
    }
}
