//! `POST /v1/users`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::users::{CreateUser, User};

use super::view::user_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::accounts;

/// Creates an account (administrators only).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUser,
    responses(
        (status = 201, body = User),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: username taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/users")]
pub async fn create_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let user = user_dto(blocking(move || accounts::create(&st, &auth.0, body.0)).await?)?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/v1/users/{}", user.id))).json(user))
}
