//! Accounts, managed by administrators.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::RoleDto;
use crate::serde_util::double_option;

/// An account, without any password material.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// Account id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Role.
    pub role: RoleDto,
    /// The one street the account works in; `null` for district-wide.
    pub street_code: Option<String>,
    /// The department the person works for.
    pub department_code: Option<String>,
    /// The enterprise an enterprise account speaks for.
    pub enterprise_id: Option<Uuid>,
    /// Inactive accounts cannot sign in.
    pub active: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Login name: 3-64 of `a-z 0-9 . _ -`.
    #[validate(length(min = 3, max = 64), custom(function = "crate::users::check_username"))]
    #[schema(min_length = 3, max_length = 64, pattern = r"^[a-z0-9._-]+$")]
    pub username: String,
    /// At least 10 characters.
    #[validate(length(min = 10, max = 256))]
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    /// Name shown to colleagues.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    /// Role.
    pub role: RoleDto,
    /// Street scope; `null` or absent for district-wide.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: Option<String>,
    /// Department.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub department_code: Option<String>,
    /// Required for (and only for) enterprise accounts.
    #[serde(default)]
    pub enterprise_id: Option<Uuid>,
}

/// Changes to an account; absent fields stay as they are, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New display name.
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default)]
    pub role: Option<RoleDto>,
    /// New street scope; `null` makes the account district-wide.
    #[serde(default, deserialize_with = "double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub street_code: Option<Option<String>>,
    /// New department; `null` clears.
    #[serde(default, deserialize_with = "double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub department_code: Option<Option<String>>,
    /// New enterprise binding; `null` clears.
    #[serde(default, deserialize_with = "double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub enterprise_id: Option<Option<Uuid>>,
    /// Activate or deactivate (deactivation revokes the account's refresh tokens).
    #[serde(default)]
    pub active: Option<bool>,
    /// Reset the password (revokes the account's refresh tokens).
    #[serde(default)]
    #[validate(length(min = 10, max = 256))]
    #[schema(min_length = 10, max_length = 256)]
    pub password: Option<String>,
}

/// Login names are lower-case ASCII so they are unambiguous on a phone keyboard.
pub fn check_username(name: &str) -> Result<(), validator::ValidationError> {
    if name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("username").with_message("only a-z, 0-9, '.', '_' and '-'".into()))
    }
}
