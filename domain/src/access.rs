//! Authorization: what a caller may do ([`Permission`]) and which rows it may see
//! ([`RowScope`]). Handlers never look at roles; they ask these questions, and the
//! repositories turn a [`RowScope`] into SQL.

use uuid::Uuid;

use crate::actor::Actor;
use crate::client::Client;
use crate::error::DomainError;
use crate::role::Role;

/// Something an account may or may not do, independent of any one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, change and deactivate accounts.
    ManageAccounts,
    /// Add streets, departments, sectors and criteria.
    ManageReference,
    /// Issue, rotate and revoke third-party API keys.
    ManageClients,
    /// Read who sent a public tip (confidential).
    ReadTipReporter,
    /// Review public tips: verify, reject, reward.
    HandleTips,
    /// Edit a hazard's descriptive fields and add photos to it.
    EditHazards,
    /// Record enforcement actions (约谈, 警示, …).
    Enforce,
    /// Read the supervision board.
    ReadBoard,
    /// Read the district's key figures.
    ReadFigures,
    /// Create and change enterprise records.
    ManageEnterprises,
    /// Take part in case work at all (sync feed, inspections): every role but admin.
    CaseWork,
}

impl Permission {
    /// The roles that hold the permission.
    fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ManageAccounts
            | Permission::ManageReference
            | Permission::ManageClients
            | Permission::ReadTipReporter => &[Admin],
            Permission::HandleTips | Permission::Enforce => &[Supervisor],
            Permission::EditHazards | Permission::CaseWork => &[Inspector, Supervisor, Enterprise],
            Permission::ReadBoard => &[Supervisor, Admin],
            Permission::ReadFigures => &[Inspector, Supervisor, Admin],
            Permission::ManageEnterprises => &[Inspector, Supervisor, Admin],
        }
    }

    /// Why the permission was refused, in the caller's terms.
    fn refusal(self) -> &'static str {
        match self {
            Permission::ManageAccounts
            | Permission::ManageReference
            | Permission::ManageClients
            | Permission::ReadTipReporter => "administrators only",
            Permission::HandleTips => "tips are handled by supervisors",
            Permission::Enforce => "only supervisors record enforcement actions",
            Permission::EditHazards => "administrators do not edit hazards",
            Permission::CaseWork => "administrators do not take part in case work",
            Permission::ReadBoard => "the supervision board is for supervisors",
            Permission::ReadFigures => "enterprise accounts do not see district figures",
            Permission::ManageEnterprises => "enterprise accounts cannot manage enterprise records",
        }
    }
}

/// The rows a caller may see, which a repository turns into a `WHERE` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowScope {
    /// District-wide.
    All,
    /// One street (街镇).
    Street(String),
    /// One enterprise's own records.
    Enterprise(Uuid),
    /// Nothing at all (an enterprise account bound to no enterprise).
    Nothing,
}

impl RowScope {
    /// Whether a record in `street` concerning `enterprise` falls inside the scope.
    pub fn admits(&self, street: &str, enterprise: Option<Uuid>) -> bool {
        match self {
            RowScope::All => true,
            RowScope::Street(s) => s == street,
            RowScope::Enterprise(e) => enterprise == Some(*e),
            RowScope::Nothing => false,
        }
    }

    /// The street figures cover: a street-scoped caller's own (asking for another street
    /// is refused), otherwise the street asked for, if any.
    pub fn narrow(&self, asked: Option<String>) -> Result<Option<String>, DomainError> {
        match (self, asked) {
            (RowScope::Street(own), Some(s)) if *own != s => {
                Err(DomainError::Forbidden(format!("this caller sees street `{own}` only")))
            }
            (RowScope::Street(own), _) => Ok(Some(own.clone())),
            (RowScope::All, asked) => Ok(asked),
            (RowScope::Enterprise(_) | RowScope::Nothing, _) => {
                Err(DomainError::Forbidden("this caller does not see district figures".into()))
            }
        }
    }

    /// The street a street-scoped caller is limited to.
    pub fn street(&self) -> Option<&str> {
        match self {
            RowScope::Street(s) => Some(s),
            _ => None,
        }
    }
}

impl Actor {
    /// `Ok` when the account's role holds `permission`, else a 403 with the reason.
    pub fn may(&self, permission: Permission) -> Result<(), DomainError> {
        if permission.roles().contains(&self.role) {
            Ok(())
        } else {
            Err(DomainError::Forbidden(permission.refusal().into()))
        }
    }

    /// Whether the account is an administrator (who may also act on any street).
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the account speaks for an enterprise (and so only for its own records).
    pub fn is_enterprise(&self) -> bool {
        self.role == Role::Enterprise
    }

    /// The rows this account may see.
    pub fn scope(&self) -> RowScope {
        match (self.role, &self.street_code, self.enterprise_id) {
            (Role::Enterprise, _, Some(e)) => RowScope::Enterprise(e),
            (Role::Enterprise, _, None) => RowScope::Nothing,
            (_, Some(s), _) => RowScope::Street(s.clone()),
            (_, None, _) => RowScope::All,
        }
    }

    /// The enterprise register an account sees: administrators keep it district-wide.
    pub fn register_scope(&self) -> RowScope {
        if self.is_admin() {
            RowScope::All
        } else {
            self.scope()
        }
    }

    /// Where an account may register or move an enterprise: administrators anywhere,
    /// staff in their own street, enterprises nowhere.
    pub fn may_register_in(&self, street_code: &str) -> Result<(), DomainError> {
        self.may(Permission::ManageEnterprises)?;
        if self.is_admin() {
            Ok(())
        } else {
            self.can_file_in(street_code)
        }
    }

    /// The rows of records kept by street only (tips, listings, enterprises for staff):
    /// an enterprise account sees none of them through this door.
    pub fn street_scope(&self) -> RowScope {
        match self.scope() {
            RowScope::Enterprise(_) => RowScope::Nothing,
            other => other,
        }
    }
}

impl Client {
    /// The rows a third-party client may see: its street restriction, or the district.
    pub fn scope(&self) -> RowScope {
        self.street_code.clone().map_or(RowScope::All, RowScope::Street)
    }
}

/// A hazard and everything attached to it (its enterprise, inspection, listing,
/// enforcement) sit in one street: `Ok` when `other_street` is the hazard's street,
/// else a 422 naming `field`.
pub fn same_street(field: &str, hazard_street: &str, other_street: &str) -> Result<(), DomainError> {
    if hazard_street == other_street {
        Ok(())
    } else {
        Err(DomainError::field(
            field,
            format!("belongs to street `{other_street}`, not the hazard's `{hazard_street}`"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, street: Option<&str>, ent: Option<Uuid>) -> Actor {
        Actor { user_id: Uuid::new_v4(), role, street_code: street.map(str::to_owned), enterprise_id: ent }
    }

    #[test]
    fn each_permission_is_held_by_exactly_its_roles() {
        let all = [
            Permission::ManageAccounts,
            Permission::ManageReference,
            Permission::ManageClients,
            Permission::ReadTipReporter,
            Permission::HandleTips,
            Permission::EditHazards,
            Permission::Enforce,
            Permission::ReadBoard,
            Permission::ReadFigures,
            Permission::ManageEnterprises,
            Permission::CaseWork,
        ];
        for p in all {
            for role in Role::ALL {
                let allowed = actor(role, None, Some(Uuid::new_v4())).may(p).is_ok();
                assert_eq!(allowed, p.roles().contains(&role), "{p:?} for {role}");
            }
        }
        assert!(actor(Role::Admin, None, None).may(Permission::HandleTips).is_err());
        assert!(actor(Role::Supervisor, None, None).may(Permission::ManageAccounts).is_err());
        assert!(actor(Role::Enterprise, None, None).may(Permission::ReadFigures).is_err());
    }

    #[test]
    fn scopes_follow_role_street_and_enterprise() {
        let e = Uuid::new_v4();
        assert_eq!(actor(Role::Supervisor, None, None).scope(), RowScope::All);
        assert_eq!(actor(Role::Inspector, Some("a"), None).scope(), RowScope::Street("a".into()));
        assert_eq!(actor(Role::Enterprise, Some("a"), Some(e)).scope(), RowScope::Enterprise(e));
        assert_eq!(actor(Role::Enterprise, None, None).scope(), RowScope::Nothing);
        assert_eq!(actor(Role::Enterprise, None, Some(e)).street_scope(), RowScope::Nothing);
        let client = Client { id: "c".into(), scopes: vec![], street_code: Some("b".into()) };
        assert_eq!(client.scope(), RowScope::Street("b".into()));
    }

    #[test]
    fn the_register_is_kept_by_staff_and_administrators() {
        let admin = actor(Role::Admin, None, None);
        assert_eq!(admin.register_scope(), RowScope::All);
        assert!(admin.may_register_in("b").is_ok());
        let street = actor(Role::Inspector, Some("a"), None);
        assert!(street.may_register_in("a").is_ok());
        assert!(street.may_register_in("b").is_err());
        assert!(actor(Role::Enterprise, None, Some(Uuid::new_v4())).may_register_in("a").is_err());
    }

    #[test]
    fn figures_narrow_to_the_callers_street() {
        let street = RowScope::Street("a".into());
        assert_eq!(street.narrow(None), Ok(Some("a".into())));
        assert_eq!(street.narrow(Some("a".into())), Ok(Some("a".into())));
        assert!(street.narrow(Some("b".into())).is_err());
        assert_eq!(RowScope::All.narrow(Some("b".into())), Ok(Some("b".into())));
        assert_eq!(RowScope::All.narrow(None), Ok(None));
        assert!(RowScope::Nothing.narrow(None).is_err());
    }

    #[test]
    fn a_scope_admits_exactly_its_rows() {
        let e = Uuid::new_v4();
        assert!(RowScope::All.admits("x", None));
        assert!(RowScope::Street("x".into()).admits("x", Some(e)));
        assert!(!RowScope::Street("x".into()).admits("y", Some(e)));
        assert!(RowScope::Enterprise(e).admits("y", Some(e)));
        assert!(!RowScope::Enterprise(e).admits("y", Some(Uuid::new_v4())));
        assert!(!RowScope::Enterprise(e).admits("y", None));
        assert!(!RowScope::Nothing.admits("x", None));
    }

    #[test]
    fn attachments_share_the_hazard_street() {
        assert!(same_street("enterprise_id", "a", "a").is_ok());
        let err = same_street("enterprise_id", "a", "b").unwrap_err();
        assert!(matches!(err, DomainError::Validation(f) if f[0].field == "enterprise_id"));
    }
}
