//! `GET /v1/users/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_domain::Permission;
use hazard_infra::repo::users;
use hazard_openapi::problem::Problem;
use hazard_openapi::users::User;

use super::view::user_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// One account (administrators only).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "account id")),
    responses(
        (status = 200, body = User),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/users/{id}")]
pub async fn get_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.0.may(Permission::ManageAccounts)?;
    let id = path_uuid(&id, "account")?.to_string();
    let st = state.clone();
    let user = blocking(move || {
        let mut conn = st.conn()?;
        users::by_id(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such account".into()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(user_dto(user)?))
}
