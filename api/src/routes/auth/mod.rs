//! `/v1/auth/*` and `/v1/me`.

pub mod login;
pub mod logout;
pub mod me;
pub mod refresh;

use hazard_domain::{Actor, Role};
use hazard_infra::models::UserRow;
use uuid::Uuid;

use crate::error::ApiError;

/// The rules' view of a stored account.
pub fn actor_of(user: &UserRow) -> Result<Actor, ApiError> {
    Ok(Actor {
        user_id: Uuid::parse_str(&user.id).map_err(|e| ApiError::internal(e.to_string()))?,
        role: user.role.parse::<Role>().map_err(ApiError::internal)?,
        street_code: user.street_code.clone(),
        enterprise_id: user
            .enterprise_id
            .as_deref()
            .map(Uuid::parse_str)
            .transpose()
            .map_err(|e| ApiError::internal(e.to_string()))?,
    })
}
