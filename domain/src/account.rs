//! Accounts: what binds an account to an enterprise, and what an administrator may not do
//! to their own account.

use uuid::Uuid;

use crate::error::DomainError;
use crate::{Actor, Role};

/// Exactly enterprise accounts are bound to an enterprise.
pub fn check_binding(role: Role, enterprise: Option<Uuid>) -> Result<(), DomainError> {
    match (role, enterprise) {
        (Role::Enterprise, None) => Err(DomainError::field("enterprise_id", "required for an enterprise account")),
        (Role::Enterprise, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(DomainError::field("enterprise_id", "only enterprise accounts are bound to an enterprise")),
    }
}

/// An administrator cannot lock themselves out: no deactivating or demoting oneself.
pub fn check_self_change(
    actor: &Actor,
    target: Uuid,
    deactivate: bool,
    new_role: Option<Role>,
) -> Result<(), DomainError> {
    let demote = new_role.is_some_and(|r| r != Role::Admin);
    if target == actor.user_id && (deactivate || demote) {
        Err(DomainError::field("active", "administrators cannot deactivate or demote themselves"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_enterprise_accounts_are_bound() {
        let e = Some(Uuid::new_v4());
        assert!(check_binding(Role::Enterprise, e).is_ok());
        assert!(check_binding(Role::Enterprise, None).is_err());
        assert!(check_binding(Role::Inspector, e).is_err());
        assert!(check_binding(Role::Inspector, None).is_ok());
    }

    #[test]
    fn administrators_keep_their_own_access() {
        let admin = Actor { user_id: Uuid::new_v4(), role: Role::Admin, street_code: None, enterprise_id: None };
        assert!(check_self_change(&admin, admin.user_id, true, None).is_err());
        assert!(check_self_change(&admin, admin.user_id, false, Some(Role::Inspector)).is_err());
        assert!(check_self_change(&admin, admin.user_id, false, Some(Role::Admin)).is_ok());
        assert!(check_self_change(&admin, Uuid::new_v4(), true, Some(Role::Inspector)).is_ok());
    }
}
