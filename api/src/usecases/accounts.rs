//! Accounts (administrators): create one, change one. Deactivation and password resets
//! revoke the account's refresh tokens in the same request.

use hazard_domain::account::{check_binding, check_self_change};
use hazard_domain::{Actor, Permission, Role};
use hazard_infra::models::UserRow;
use hazard_infra::repo::{enterprises, tokens, users};
use hazard_infra::{password, InfraError};
use hazard_openapi::users::{CreateUser, UpdateUser};
use uuid::Uuid;

use super::lookups::Lookups;
use crate::convert::stored_uuid;
use crate::error::ApiError;
use crate::state::AppState;

/// Checks that an account's scope fits its role and names existing records.
fn check_scope(
    st: &AppState,
    role: Role,
    street: Option<&str>,
    department: Option<&str>,
    enterprise: Option<Uuid>,
) -> Result<(), ApiError> {
    let mut conn = st.conn()?;
    let known = match enterprise {
        Some(e) if role == Role::Enterprise => enterprises::exists(&mut conn, &e.to_string())?,
        _ => true,
    };
    let mut lookups = Lookups::new(&mut conn);
    if let Some(s) = street {
        lookups.street("street_code", s)?;
    }
    if let Some(d) = department {
        lookups.department("department_code", d)?;
    }
    lookups.note(check_binding(role, enterprise))?;
    if !known {
        lookups.note(Err(hazard_domain::DomainError::field("enterprise_id", "unknown enterprise")))?;
    }
    lookups.finish()
}

/// Creates an account.
pub fn create(st: &AppState, actor: &Actor, cmd: CreateUser) -> Result<UserRow, ApiError> {
    actor.may(Permission::ManageAccounts)?;
    let role = Role::from(cmd.role);
    check_scope(st, role, cmd.street_code.as_deref(), cmd.department_code.as_deref(), cmd.enterprise_id)?;
    let now = st.now_naive();
    let row = UserRow {
        id: Uuid::now_v7().to_string(),
        username: cmd.username,
        password_hash: password::hash(&cmd.password)?,
        display_name: cmd.display_name,
        role: role.as_str().into(),
        street_code: cmd.street_code,
        department_code: cmd.department_code,
        enterprise_id: cmd.enterprise_id.map(|e| e.to_string()),
        active: true,
        created_at: now,
        updated_at: now,
    };
    match users::insert(&mut *st.conn()?, &row) {
        Err(InfraError::Conflict(_)) => Err(ApiError::conflict(format!("the username `{}` is taken", row.username))),
        other => Ok(other?),
    }?;
    Ok(row)
}

/// Changes an account's role, scope, name, activity or password.
pub fn update(st: &AppState, actor: &Actor, id: Uuid, cmd: UpdateUser) -> Result<UserRow, ApiError> {
    actor.may(Permission::ManageAccounts)?;
    let new_role = cmd.role.map(Role::from);
    check_self_change(actor, id, cmd.active == Some(false), new_role)?;
    let id = id.to_string();
    let current = users::by_id(&mut *st.conn()?, &id)?.ok_or_else(|| ApiError::NotFound("no such account".into()))?;
    let role = match new_role {
        Some(r) => r,
        None => current.role.parse::<Role>().map_err(ApiError::internal)?,
    };
    let street = cmd.street_code.clone().unwrap_or(current.street_code.clone());
    let department = cmd.department_code.clone().unwrap_or(current.department_code.clone());
    let enterprise = match cmd.enterprise_id {
        Some(e) => e,
        None => current.enterprise_id.as_deref().map(stored_uuid).transpose()?,
    };
    check_scope(st, role, street.as_deref(), department.as_deref(), enterprise)?;
    let now = st.now_naive();
    let changes = users::UserChanges {
        display_name: cmd.display_name,
        role: new_role.map(|r| r.as_str().to_owned()),
        street_code: cmd.street_code,
        department_code: cmd.department_code,
        enterprise_id: cmd.enterprise_id.map(|e| e.map(|u| u.to_string())),
        active: cmd.active,
        password_hash: cmd.password.as_deref().map(password::hash).transpose()?,
        updated_at: Some(now),
    };
    let revoke = changes.active == Some(false) || changes.password_hash.is_some();
    let mut conn = st.conn()?;
    let updated = users::update(&mut conn, &id, &changes)?;
    if revoke {
        tokens::revoke_all_for_user(&mut conn, &id, now)?;
    }
    Ok(updated)
}
