//! `POST /v1/auth/login`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use hazard_infra::repo::{sessions, throttle, tokens, users};
use hazard_infra::{password, DbConnection};
use hazard_openapi::auth::{LoginRequest, TokenResponse};
use hazard_openapi::problem::Problem;

use super::actor_of;
use crate::auth::jwt::Session;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Whole seconds, rounded up: a `Retry-After` must never be shorter than the wait.
fn seconds_up(d: Duration) -> u64 {
    u64::try_from((d.num_milliseconds() + 999) / 1000).unwrap_or(1).max(1)
}

/// The three rations of sign-in attempts: per client address (whatever the username),
/// per (account, address) with a lock, and per account with an exponential delay but no
/// lock, so guessing from one place stops, guessing from many places slows down, and the
/// real user elsewhere is never locked out.
fn rations(s: &crate::config::Settings) -> [throttle::Ration; 3] {
    let window = Duration::minutes(15);
    let max_delay = Duration::seconds(s.limits.login_max_delay_secs.max(1));
    let lock = |max| throttle::Ration { max_attempts: max, window, lockout: window, delay_after: None, max_delay };
    let account = throttle::Ration {
        max_attempts: i32::MAX,
        window,
        lockout: window,
        delay_after: Some(s.login_max_failures),
        max_delay,
    };
    [lock(s.login_max_failures_per_address), lock(s.login_max_failures), account]
}

/// Signs in. Unknown users and wrong passwords get the same answer in the same time;
/// repeated failures lock the (account, client address) pair and the client address
/// for a while, and slow down further attempts on the account (429).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "invalid_credentials", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "rate_limited", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password: pw } = body.0;
    let address = crate::client_addr::of(&req);
    let st = state.clone();
    let tokens = blocking(move || {
        let mut conn = st.conn()?;
        let user = authenticate(&st, &mut conn, &username, &pw, &address)?;
        issue_tokens(&st, &mut conn, &user, None)
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}

/// Checks a username and password against the sign-in rations (the API's sign-in and
/// the console's share them): the account when they match and it is active.
pub fn authenticate(
    st: &AppState,
    conn: &mut DbConnection,
    username: &str,
    pw: &str,
    address: &str,
) -> Result<hazard_infra::models::UserRow, ApiError> {
    let now = st.now_naive();
    let keys = [format!("addr:{address}"), format!("pair:{username}|{address}"), format!("user:{username}")];
    let rations = rations(&st.settings);
    // Each attempt is counted before the password is checked, so concurrent guesses
    // cannot all slip in under the limit.
    let mut numbers = [0; 3];
    for (i, key) in keys.iter().enumerate() {
        match throttle::reserve(conn, key, now, rations[i])? {
            Ok(n) => numbers[i] = n,
            Err(left) => return Err(ApiError::RateLimited(seconds_up(left))),
        }
    }
    let user = users::by_username(conn, username)?;
    let ok = match &user {
        Some(u) => password::verify(pw, &u.password_hash) && u.active,
        None => {
            password::verify_dummy(pw);
            false
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        let mut locked = false;
        for i in 0..2 {
            if numbers[i] >= rations[i].max_attempts {
                throttle::lock(conn, &keys[i], now + rations[i].lockout)?;
                locked = true;
            }
        }
        if locked {
            return Err(ApiError::RateLimited(seconds_up(rations[0].lockout)));
        }
        return Err(ApiError::Unauthorized {
            code: "invalid_credentials",
            detail: "wrong username or password".into(),
        });
    };
    throttle::refund(conn, &keys[0])?;
    throttle::clear(conn, &keys[1])?;
    throttle::clear(conn, &keys[2])?;
    Ok(user)
}

/// Issues an access token and a refresh token: `refresh` is the next token of an
/// existing session (family) when refreshing, or `None` to start a new session. The
/// access token names the session and the account's token generation, so that logout
/// or a change of rights voids it (`auth::session`).
pub fn issue_tokens(
    state: &AppState,
    conn: &mut DbConnection,
    user: &hazard_infra::models::UserRow,
    refresh: Option<tokens::Rotated>,
) -> Result<TokenResponse, ApiError> {
    let actor = actor_of(user)?;
    let ttl = state.settings.access_token_ttl;
    let (refresh_token, family) = match refresh {
        Some(r) => (r.token, r.family),
        None => {
            let family = uuid::Uuid::now_v7().to_string();
            let token = tokens::issue(
                conn,
                &user.id,
                Some(&family),
                state.now_naive(),
                Duration::days(state.settings.refresh_token_ttl_days),
            )?;
            (token, family)
        }
    };
    let session = Session { sid: Some(family), generation: sessions::generation(conn, &user.id)? };
    let access_token = state.jwt.issue(&actor, &session, state.now(), ttl)?;
    Ok(TokenResponse { access_token, token_type: "Bearer".into(), expires_in: ttl, refresh_token })
}
