//! Who files what: the source, enterprise and inspection a new hazard may carry, given
//! who files it.

use uuid::Uuid;

use super::Source;
use crate::error::DomainError;
use crate::Actor;

/// The source a filing gets: enterprises self-report (`self_check`); staff choose, but
/// never `public_tip`, which only the tip-off channel creates.
pub fn source_for(actor: &Actor, asked: Option<Source>) -> Result<Source, DomainError> {
    match (actor.is_enterprise(), asked) {
        (true, None | Some(Source::SelfCheck)) => Ok(Source::SelfCheck),
        (true, Some(_)) => Err(DomainError::field("source", "enterprise accounts file self_check hazards")),
        (false, Some(Source::PublicTip)) => {
            Err(DomainError::field("source", "public tips are filed through the tip-off channel"))
        }
        (false, Some(s)) => Ok(s),
        (false, None) => Ok(Source::Inspection),
    }
}

/// The enterprise a filing concerns: an enterprise account files for itself only.
pub fn enterprise_for(actor: &Actor, asked: Option<Uuid>) -> Result<Option<Uuid>, DomainError> {
    if !actor.is_enterprise() {
        return Ok(asked);
    }
    match asked {
        None => Ok(actor.enterprise_id),
        Some(e) if Some(e) == actor.enterprise_id => Ok(Some(e)),
        Some(_) => {
            Err(DomainError::field("enterprise_id", "enterprise accounts file hazards for their own enterprise only"))
        }
    }
}

/// An enterprise account may cite only an inspection of its own enterprise.
pub fn may_cite_inspection(actor: &Actor, inspected: Option<Uuid>) -> Result<(), DomainError> {
    if actor.is_enterprise() && inspected != actor.enterprise_id {
        Err(DomainError::field("inspection_id", "not an inspection of your enterprise"))
    } else {
        Ok(())
    }
}

/// An enterprise account cannot move a hazard to another enterprise.
pub fn may_reassign_enterprise(actor: &Actor) -> Result<(), DomainError> {
    if actor.is_enterprise() {
        Err(DomainError::field("enterprise_id", "enterprise accounts cannot move a hazard to another enterprise"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    fn actor(role: Role, ent: Option<Uuid>) -> Actor {
        Actor { user_id: Uuid::new_v4(), role, street_code: None, enterprise_id: ent }
    }

    #[test]
    fn enterprises_self_report_for_themselves() {
        let e = Uuid::new_v4();
        let ent = actor(Role::Enterprise, Some(e));
        assert_eq!(source_for(&ent, None), Ok(Source::SelfCheck));
        assert!(source_for(&ent, Some(Source::Inspection)).is_err());
        assert_eq!(enterprise_for(&ent, None), Ok(Some(e)));
        assert!(enterprise_for(&ent, Some(Uuid::new_v4())).is_err());
        assert!(may_cite_inspection(&ent, Some(Uuid::new_v4())).is_err());
        assert!(may_cite_inspection(&ent, Some(e)).is_ok());
        assert!(may_reassign_enterprise(&ent).is_err());
    }

    #[test]
    fn staff_choose_but_never_public_tip() {
        let staff = actor(Role::Inspector, None);
        assert_eq!(source_for(&staff, None), Ok(Source::Inspection));
        assert_eq!(source_for(&staff, Some(Source::SelfCheck)), Ok(Source::SelfCheck));
        assert!(source_for(&staff, Some(Source::PublicTip)).is_err());
        let other = Uuid::new_v4();
        assert_eq!(enterprise_for(&staff, Some(other)), Ok(Some(other)));
        assert!(may_cite_inspection(&staff, None).is_ok());
        assert!(may_reassign_enterprise(&staff).is_ok());
    }
}
