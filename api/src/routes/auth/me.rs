//! `GET /v1/me`.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::users;
use hazard_openapi::problem::Problem;
use hazard_openapi::users::User;

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::routes::users::view::user_dto;
use crate::state::AppState;

/// The signed-in account.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = User),
        (status = 401, description = "unauthorized", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/me")]
pub async fn me(auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let id = auth.0.user_id.to_string();
    let user = blocking(move || {
        let mut conn = st.conn()?;
        users::by_id(&mut conn, &id)?
            .filter(|u| u.active)
            .ok_or_else(|| ApiError::unauthorized("the account no longer exists or is inactive"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(user_dto(user)?))
}
