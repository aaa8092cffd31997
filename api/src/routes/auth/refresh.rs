//! `POST /v1/auth/refresh`.

use actix_web::{post, web, HttpResponse};
use chrono::Duration;
use hazard_infra::repo::tokens::{self, RefreshRefusal};
use hazard_openapi::auth::{RefreshRequest, TokenResponse};
use hazard_openapi::problem::Problem;

use super::login::issue_tokens;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Exchanges a refresh token for new tokens. Each refresh token works once; presenting a
/// used one again revokes its whole chain (someone else may hold a copy).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "unauthorized", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let tokens = blocking(move || {
        let mut conn = st.conn()?;
        let ttl = Duration::days(st.settings.refresh_token_ttl_days);
        let rotated = tokens::rotate(&mut conn, &body.0.refresh_token, st.now_naive(), ttl)?;
        match rotated {
            Ok((user, next)) => issue_tokens(&st, &mut conn, &user, Some(next)),
            Err(RefreshRefusal::Reused) => {
                tracing::warn!("refresh token reuse detected; chain revoked");
                Err(ApiError::unauthorized("the refresh token was already used; sign in again"))
            }
            Err(RefreshRefusal::Invalid) => Err(ApiError::unauthorized("the refresh token is invalid or expired")),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}
