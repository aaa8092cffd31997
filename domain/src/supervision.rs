//! Listed supervision (挂牌督办): levels, listing, escalation (提级) and lifting (摘牌).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::hazard::Status;
use crate::{Actor, Role};

/// Who supervises: a street (街镇级), the district (区级) or the city (市级). Ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 街镇级.
    Street,
    /// 区级.
    District,
    /// 市级.
    City,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 3] = [Level::Street, Level::District, Level::City];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Street => "street",
            Level::District => "district",
            Level::City => "city",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown level `{s}`"))
    }
}

fn supervisor_only(actor: &Actor) -> Result<(), DomainError> {
    if actor.role == Role::Supervisor {
        Ok(())
    } else {
        Err(DomainError::Forbidden("only supervisors list, escalate or lift supervision".into()))
    }
}

/// May `actor` list a hazard in `status` for supervision, given whether one is active?
pub fn check_list(actor: &Actor, status: Status, active: bool) -> Result<(), DomainError> {
    supervisor_only(actor)?;
    if !status.is_open() {
        return Err(DomainError::InvalidTransition(format!("a {status} hazard is not listed for supervision")));
    }
    if active {
        return Err(DomainError::InvalidTransition("the hazard is already under listed supervision".into()));
    }
    Ok(())
}

/// A listing's deadline may not lie in the past (district date `today`).
pub fn check_deadline(deadline: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<(), DomainError> {
    if deadline < today {
        Err(DomainError::field("deadline", format!("must not be before today ({today})")))
    } else {
        Ok(())
    }
}

/// May `actor` raise an active listing from `current` to `to`?
pub fn check_escalate(actor: &Actor, current: Level, to: Level) -> Result<(), DomainError> {
    supervisor_only(actor)?;
    if to <= current {
        return Err(DomainError::field("level", format!("must be higher than the current level `{current}`")));
    }
    Ok(())
}

/// May `actor` lift the listing of a hazard in `status`? Only once it is closed.
pub fn check_lift(actor: &Actor, status: Status) -> Result<(), DomainError> {
    supervisor_only(actor)?;
    if status != Status::Closed {
        return Err(DomainError::InvalidTransition(format!(
            "supervision is lifted (摘牌) only after the hazard is closed; it is {status}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn actor(role: Role) -> Actor {
        Actor { user_id: Uuid::new_v4(), role, street_code: None, enterprise_id: None }
    }

    #[test]
    fn listing_rules() {
        let sup = actor(Role::Supervisor);
        assert!(check_list(&sup, Status::Rectifying, false).is_ok());
        assert!(matches!(check_list(&sup, Status::Rectifying, true), Err(DomainError::InvalidTransition(_))));
        assert!(matches!(check_list(&sup, Status::Closed, false), Err(DomainError::InvalidTransition(_))));
        assert!(matches!(check_list(&actor(Role::Inspector), Status::Reported, false), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn escalation_only_goes_up_and_lifting_waits_for_closure() {
        let sup = actor(Role::Supervisor);
        assert!(check_escalate(&sup, Level::Street, Level::District).is_ok());
        assert!(check_escalate(&sup, Level::District, Level::City).is_ok());
        assert!(check_escalate(&sup, Level::City, Level::City).is_err());
        assert!(check_escalate(&sup, Level::District, Level::Street).is_err());
        assert!(check_lift(&sup, Status::Closed).is_ok());
        for s in [Status::Reported, Status::Rectifying, Status::PendingReview, Status::Invalid] {
            assert!(check_lift(&sup, s).is_err());
        }
    }
}
