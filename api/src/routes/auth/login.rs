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

fn seconds_up(d: Duration) -> u64 {
    u64::try_from(d.num_seconds().max(1)).unwrap_or(1)
}

fn policy(max: i32) -> throttle::Policy {
    throttle::Policy { max_failures: max, window: Duration::minutes(15), lockout: Duration::minutes(15) }
}

/// Signs in. Unknown users and wrong passwords get the same answer in the same time;
/// repeated failures lock the account and the client address for a while (429).
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
    let address = req.peer_addr().map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string());
    let st = state.clone();
    let tokens = blocking(move || {
        let now = st.now_naive();
        let mut conn = st.conn()?;
        let (user_key, addr_key) = (format!("user:{username}"), format!("addr:{address}"));
        for key in [&user_key, &addr_key] {
            if let Some(left) = throttle::locked_for(&mut conn, key, now)? {
                return Err(ApiError::RateLimited(seconds_up(left)));
            }
        }
        let user = users::by_username(&mut conn, &username)?;
        let ok = match &user {
            Some(u) => password::verify(&pw, &u.password_hash) && u.active,
            None => {
                password::verify_dummy(&pw);
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            let a = throttle::record_failure(&mut conn, &user_key, now, policy(st.settings.login_max_failures))?;
            let b = throttle::record_failure(
                &mut conn,
                &addr_key,
                now,
                policy(st.settings.login_max_failures_per_address),
            )?;
            if let Some(lock) = a.or(b) {
                return Err(ApiError::RateLimited(seconds_up(lock)));
            }
            return Err(ApiError::Unauthorized {
                code: "invalid_credentials",
                detail: "wrong username or password".into(),
            });
        };
        throttle::clear(&mut conn, &user_key)?;
        issue_tokens(&st, &mut conn, &user, None)
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
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
