//! Inspections (检查): kinds, and who may run them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use uuid::Uuid;

use crate::error::DomainError;
use crate::{Actor, Role};

/// The kind of inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// 日常检查.
    Routine,
    /// 专项检查 (campaign).
    Special,
    /// 联合检查: several departments at once (综合检查一次).
    Joint,
    /// 四不两直: unannounced.
    Unannounced,
    /// 企业自查.
    SelfCheck,
}

impl InspectionKind {
    /// Every kind.
    pub const ALL: [InspectionKind; 5] = [
        InspectionKind::Routine,
        InspectionKind::Special,
        InspectionKind::Joint,
        InspectionKind::Unannounced,
        InspectionKind::SelfCheck,
    ];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionKind::Routine => "routine",
            InspectionKind::Special => "special",
            InspectionKind::Joint => "joint",
            InspectionKind::Unannounced => "unannounced",
            InspectionKind::SelfCheck => "self_check",
        }
    }

    /// Checks that `actor` may run an inspection of this kind: enterprises only inspect
    /// themselves, staff never file a self-inspection for an enterprise.
    pub fn check_actor(self, actor: &Actor) -> Result<(), DomainError> {
        match (actor.role, self) {
            (Role::Admin, _) => Err(DomainError::Forbidden("administrators do not run inspections".into())),
            (Role::Enterprise, InspectionKind::SelfCheck) => Ok(()),
            (Role::Enterprise, _) => {
                Err(DomainError::field("kind", "enterprise accounts record self_check inspections only"))
            }
            (_, InspectionKind::SelfCheck) => {
                Err(DomainError::field("kind", "self_check inspections are recorded by the enterprise itself"))
            }
            _ => Ok(()),
        }
    }
}

/// What an inspection looks at: an enterprise on record or a site address; an
/// enterprise account inspects its own enterprise only.
pub fn check_subject(actor: &Actor, enterprise: Option<Uuid>, has_site_address: bool) -> Result<(), DomainError> {
    if enterprise.is_none() && !has_site_address {
        return Err(DomainError::field("enterprise_id", "name the enterprise, or give site_address"));
    }
    if actor.role == Role::Enterprise && enterprise != actor.enterprise_id {
        return Err(DomainError::field("enterprise_id", "enterprise accounts inspect their own enterprise only"));
    }
    Ok(())
}

/// The inspectors on record: those named, with the staff member recording it first
/// (an enterprise's self-check names staff only if it asks to).
pub fn inspectors(actor: &Actor, named: &[Uuid]) -> Vec<Uuid> {
    let mut ids = named.to_vec();
    if actor.role != Role::Enterprise && !ids.contains(&actor.user_id) {
        ids.insert(0, actor.user_id);
    }
    ids.dedup();
    ids
}

/// Who may finish an inspection: its creator, its inspectors, or a supervisor.
pub fn may_finish(actor: &Actor, created_by: Uuid, inspectors: &[Uuid]) -> Result<(), DomainError> {
    if created_by == actor.user_id || inspectors.contains(&actor.user_id) || actor.role == Role::Supervisor {
        Ok(())
    } else {
        Err(DomainError::Forbidden("only the inspection's own inspectors or a supervisor may finish it".into()))
    }
}

impl fmt::Display for InspectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InspectionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InspectionKind::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown inspection kind `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn actor(role: Role) -> Actor {
        Actor { user_id: Uuid::new_v4(), role, street_code: None, enterprise_id: None }
    }

    #[test]
    fn subjects_inspectors_and_finishers() {
        let ent = Uuid::new_v4();
        let account = Actor { enterprise_id: Some(ent), ..actor(Role::Enterprise) };
        assert!(check_subject(&account, Some(ent), false).is_ok());
        assert!(check_subject(&account, Some(Uuid::new_v4()), false).is_err());
        assert!(check_subject(&actor(Role::Inspector), None, false).is_err());
        assert!(check_subject(&actor(Role::Inspector), None, true).is_ok());
        let me = actor(Role::Inspector);
        let other = Uuid::new_v4();
        assert_eq!(inspectors(&me, &[other]), vec![me.user_id, other]);
        assert_eq!(inspectors(&account, &[]), Vec::<Uuid>::new());
        assert!(may_finish(&me, other, &[me.user_id]).is_ok());
        assert!(may_finish(&me, other, &[]).is_err());
        assert!(may_finish(&actor(Role::Supervisor), other, &[]).is_ok());
    }

    #[test]
    fn who_runs_which_kind() {
        for kind in InspectionKind::ALL {
            assert!(kind.check_actor(&actor(Role::Admin)).is_err());
            let staff_ok = kind != InspectionKind::SelfCheck;
            assert_eq!(kind.check_actor(&actor(Role::Inspector)).is_ok(), staff_ok);
            assert_eq!(kind.check_actor(&actor(Role::Supervisor)).is_ok(), staff_ok);
            assert_eq!(kind.check_actor(&actor(Role::Enterprise)).is_ok(), !staff_ok);
        }
    }
}
