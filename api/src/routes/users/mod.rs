//! `/v1/users`: accounts, managed by administrators.

pub mod create;
pub mod get;
pub mod list;
pub mod update;
pub mod view;

use hazard_infra::repo::{enterprises, reference};
use hazard_infra::DbConnection;
use hazard_openapi::enums::RoleDto;
use uuid::Uuid;

use crate::error::ApiError;

/// Checks that an account's scope fits its role and names existing records.
pub fn check_scope(
    conn: &mut DbConnection,
    role: RoleDto,
    street: Option<&str>,
    department: Option<&str>,
    enterprise: Option<Uuid>,
) -> Result<(), ApiError> {
    let mut fields = Vec::new();
    if let Some(s) = street {
        if !reference::street_exists(conn, s)? {
            fields.push(hazard_domain::FieldError::new("street_code", format!("unknown street `{s}`")));
        }
    }
    if let Some(d) = department {
        if !reference::department_exists(conn, d)? {
            fields.push(hazard_domain::FieldError::new("department_code", format!("unknown department `{d}`")));
        }
    }
    match (role, enterprise) {
        (RoleDto::Enterprise, None) => {
            fields.push(hazard_domain::FieldError::new("enterprise_id", "required for an enterprise account"))
        }
        (RoleDto::Enterprise, Some(id)) => {
            if !enterprises::exists(conn, &id.to_string())? {
                fields.push(hazard_domain::FieldError::new("enterprise_id", "unknown enterprise"));
            }
        }
        (_, Some(_)) => fields.push(hazard_domain::FieldError::new(
            "enterprise_id",
            "only enterprise accounts are bound to an enterprise",
        )),
        (_, None) => {}
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(fields))
    }
}
