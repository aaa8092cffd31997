//! Who is acting, and where they may act (jurisdiction).

use uuid::Uuid;

use crate::error::DomainError;
use crate::role::Role;

/// The signed-in account as the rules see it: identity, role and scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account's id; recorded on every event and compared for reviewer ≠ submitter.
    pub user_id: Uuid,
    /// What the account may do.
    pub role: Role,
    /// `None` for a district-wide account, else the one street (街镇) it works in.
    pub street_code: Option<String>,
    /// The enterprise an `enterprise` account speaks for.
    pub enterprise_id: Option<Uuid>,
}

/// Where a record sits, for jurisdiction checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jurisdiction<'a> {
    /// The street the record belongs to.
    pub street_code: &'a str,
    /// The enterprise concerned, if any.
    pub enterprise_id: Option<Uuid>,
}

impl Actor {
    /// Whether the actor may see a record at all. Callers answer 404 when not, so that
    /// existence does not leak across streets or enterprises.
    pub fn can_see(&self, at: Jurisdiction<'_>) -> bool {
        match self.role {
            Role::Enterprise => self.enterprise_id.is_some() && self.enterprise_id == at.enterprise_id,
            _ => match &self.street_code {
                None => true,
                Some(own) => own == at.street_code,
            },
        }
    }

    /// Whether the actor may file a record in `street_code` (enterprises file only for
    /// themselves, which the caller checks against the enterprise's street).
    pub fn can_file_in(&self, street_code: &str) -> Result<(), DomainError> {
        match self.role {
            Role::Admin => Err(DomainError::Forbidden("administrators do not file hazards".into())),
            Role::Enterprise if self.enterprise_id.is_none() => {
                Err(DomainError::Forbidden("this enterprise account is not bound to an enterprise".into()))
            }
            _ => match &self.street_code {
                Some(own) if own != street_code => {
                    Err(DomainError::Forbidden(format!("this account works in street `{own}` only")))
                }
                _ => Ok(()),
            },
        }
    }

    /// District-wide accounts see every street.
    pub fn is_district_wide(&self) -> bool {
        self.street_code.is_none() && self.role != Role::Enterprise
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, street: Option<&str>, ent: Option<Uuid>) -> Actor {
        Actor { user_id: Uuid::new_v4(), role, street_code: street.map(str::to_owned), enterprise_id: ent }
    }

    #[test]
    fn street_scope_limits_visibility() {
        let here = Jurisdiction { street_code: "huayanglu", enterprise_id: None };
        let there = Jurisdiction { street_code: "hongqiao", enterprise_id: None };
        let street = actor(Role::Inspector, Some("huayanglu"), None);
        assert!(street.can_see(here));
        assert!(!street.can_see(there));
        let district = actor(Role::Supervisor, None, None);
        assert!(district.can_see(here) && district.can_see(there));
    }

    #[test]
    fn enterprises_see_only_their_own() {
        let ent = Uuid::new_v4();
        let account = actor(Role::Enterprise, None, Some(ent));
        assert!(account.can_see(Jurisdiction { street_code: "x", enterprise_id: Some(ent) }));
        assert!(!account.can_see(Jurisdiction { street_code: "x", enterprise_id: Some(Uuid::new_v4()) }));
        assert!(!account.can_see(Jurisdiction { street_code: "x", enterprise_id: None }));
        let unbound = actor(Role::Enterprise, None, None);
        assert!(!unbound.can_see(Jurisdiction { street_code: "x", enterprise_id: None }));
        assert!(!unbound.is_district_wide());
    }

    #[test]
    fn filing_respects_street_and_role() {
        assert!(actor(Role::Inspector, Some("a"), None).can_file_in("a").is_ok());
        assert!(actor(Role::Inspector, Some("a"), None).can_file_in("b").is_err());
        assert!(actor(Role::Supervisor, None, None).can_file_in("b").is_ok());
        assert!(actor(Role::Admin, None, None).can_file_in("b").is_err());
        assert!(actor(Role::Enterprise, None, None).can_file_in("b").is_err());
    }
}
