//! Account roles.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an account is for; each role gets a different slice of the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Field inspector (检查员, 网格员): files hazards, orders and reviews general ones.
    Inspector,
    /// Supervisor (督办人): grades, supervises, extends, reviews major hazards, closes.
    Supervisor,
    /// Enterprise (生产经营单位): self-reports and submits evidence for its own hazards.
    Enterprise,
    /// Administrator: accounts and reference data, no case work.
    Admin,
}

impl Role {
    /// Every role, for exhaustive tests and documentation.
    pub const ALL: [Role; 4] = [Role::Inspector, Role::Supervisor, Role::Enterprise, Role::Admin];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Supervisor => "supervisor",
            Role::Enterprise => "enterprise",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| format!("unknown role `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
