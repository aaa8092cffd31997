//! Stored account → wire account (never any password material).

use hazard_domain::Role;
use hazard_infra::models::UserRow;
use hazard_openapi::users::User;

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;

/// Maps a stored account to its public form.
pub fn user_dto(u: UserRow) -> Result<User, ApiError> {
    Ok(User {
        id: stored_uuid(&u.id)?,
        username: u.username,
        display_name: u.display_name,
        role: u.role.parse::<Role>().map_err(ApiError::internal)?.into(),
        street_code: u.street_code,
        department_code: u.department_code,
        enterprise_id: u.enterprise_id.as_deref().map(stored_uuid).transpose()?,
        active: u.active,
        created_at: utc(u.created_at),
        updated_at: utc(u.updated_at),
    })
}
