//! `POST /v1/auth/logout`.

use actix_web::{post, web, HttpResponse};
use hazard_infra::repo::tokens;
use hazard_openapi::auth::RefreshRequest;

use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Revokes the refresh token and its chain. Idempotent: an unknown token is fine.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "signed out")))]
#[post("/v1/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    blocking(move || {
        let mut conn = st.conn()?;
        tokens::revoke(&mut conn, &body.0.refresh_token, st.now_naive())?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
