//! `PATCH /v1/users/{id}`.

use actix_web::{patch, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::users::{UpdateUser, User};

use super::view::user_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::accounts;

/// Changes role, scope, name, activity or password (administrators only). Deactivation
/// and password resets revoke the account's refresh tokens; its access token runs out
/// within the access-token lifetime.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "account id")),
    request_body = UpdateUser,
    responses(
        (status = 200, body = User),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/users/{id}")]
pub async fn update_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "account")?;
    let st = state.clone();
    let user = blocking(move || accounts::update(&st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Ok().json(user_dto(user)?))
}
