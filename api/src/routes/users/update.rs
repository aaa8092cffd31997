//! `PATCH /v1/users/{id}`.

use actix_web::{patch, web, HttpResponse};
use hazard_domain::Role;
use hazard_infra::password;
use hazard_infra::repo::{sessions, tokens, users};
use hazard_openapi::enums::RoleDto;
use hazard_openapi::problem::Problem;
use hazard_openapi::users::{UpdateUser, User};

use super::check_scope;
use super::view::user_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Changes role, scope, name, activity or password (administrators only). Deactivation
/// and password resets revoke the account's refresh tokens; any change but the display
/// name ends its access tokens on every replica within seconds.
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
    auth.require_admin()?;
    let id = path_uuid(&id, "account")?;
    let b = body.0;
    if id == auth.0.user_id && (b.active == Some(false) || b.role.is_some_and(|r| r != RoleDto::Admin)) {
        return Err(ApiError::field("active", "administrators cannot deactivate or demote themselves"));
    }
    let st = state.clone();
    let user = blocking(move || {
        let mut conn = st.conn()?;
        let id = id.to_string();
        let current = users::by_id(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such account".into()))?;
        let current_role: RoleDto = current.role.parse::<Role>().map_err(ApiError::Internal)?.into();
        let role = b.role.unwrap_or(current_role);
        let street = b.street_code.clone().unwrap_or(current.street_code.clone());
        let department = b.department_code.clone().unwrap_or(current.department_code.clone());
        let enterprise = match b.enterprise_id {
            Some(e) => e,
            None => current.enterprise_id.as_deref().map(crate::convert::stored_uuid).transpose()?,
        };
        check_scope(&mut conn, role, street.as_deref(), department.as_deref(), enterprise)?;
        let now = st.now_naive();
        let changes = users::UserChanges {
            display_name: b.display_name,
            role: b.role.map(|r| Role::from(r).as_str().to_owned()),
            street_code: b.street_code,
            department_code: b.department_code,
            enterprise_id: b.enterprise_id.map(|e| e.map(|u| u.to_string())),
            active: b.active,
            password_hash: b.password.as_deref().map(password::hash).transpose()?,
            updated_at: Some(now),
        };
        let revoke = changes.active == Some(false) || changes.password_hash.is_some();
        let rights = revoke || changes.role.is_some() || changes.street_code.is_some();
        let rights = rights || changes.department_code.is_some() || changes.enterprise_id.is_some();
        let updated = users::update(&mut conn, &id, &changes)?;
        if revoke {
            tokens::revoke_all_for_user(&mut conn, &id, now)?;
        }
        if rights {
            sessions::end_access_tokens(&mut conn, &id)?;
        }
        Ok(updated)
    })
    .await?;
    Ok(HttpResponse::Ok().json(user_dto(user)?))
}
