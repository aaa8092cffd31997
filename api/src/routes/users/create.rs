//! `POST /v1/users`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::Role;
use hazard_infra::models::UserRow;
use hazard_infra::repo::users;
use hazard_infra::{password, InfraError};
use hazard_openapi::problem::Problem;
use hazard_openapi::users::{CreateUser, User};
use uuid::Uuid;

use super::check_scope;
use super::view::user_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

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
    auth.require_admin()?;
    let b = body.0;
    let st = state.clone();
    let user = blocking(move || {
        let mut conn = st.conn()?;
        check_scope(&mut conn, b.role, b.street_code.as_deref(), b.department_code.as_deref(), b.enterprise_id)?;
        let now = st.now_naive();
        let row = UserRow {
            id: Uuid::now_v7().to_string(),
            username: b.username,
            password_hash: password::hash(&b.password)?,
            display_name: b.display_name,
            role: Role::from(b.role).as_str().into(),
            street_code: b.street_code,
            department_code: b.department_code,
            enterprise_id: b.enterprise_id.map(|e| e.to_string()),
            active: true,
            created_at: now,
            updated_at: now,
        };
        match users::insert(&mut conn, &row) {
            Err(InfraError::Conflict(_)) => {
                Err(ApiError::conflict(format!("the username `{}` is taken", row.username)))
            }
            other => other.map_err(ApiError::from),
        }?;
        user_dto(row)
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/v1/users/{}", user.id))).json(user))
}
