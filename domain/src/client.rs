//! Third-party API clients (一网统管 city platform, street apps): what a client key may do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A permission granted to a client key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read the redacted open cases (hazard lists, one hazard, sync).
    #[serde(rename = "cases:read")]
    CasesRead,
    /// Read the key figures.
    #[serde(rename = "stats:read")]
    StatsRead,
    /// Register and manage webhooks.
    #[serde(rename = "webhooks:manage")]
    WebhooksManage,
    /// File public tips (e.g. through Open311).
    #[serde(rename = "tips:create")]
    TipsCreate,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 4] = [Scope::CasesRead, Scope::StatsRead, Scope::WebhooksManage, Scope::TipsCreate];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CasesRead => "cases:read",
            Scope::StatsRead => "stats:read",
            Scope::WebhooksManage => "webhooks:manage",
            Scope::TipsCreate => "tips:create",
        }
    }

    /// Parses a stored, comma-separated list (unknown entries are dropped: a scope
    /// retired in a later version grants nothing).
    pub fn parse_list(stored: &str) -> Vec<Scope> {
        let mut out: Vec<Scope> = stored.split(',').filter_map(|s| s.trim().parse().ok()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The stored form of a list.
    pub fn join(scopes: &[Scope]) -> String {
        let mut sorted = scopes.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown scope `{s}`"))
    }
}

/// A verified client key, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The client's id.
    pub id: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// `Some(street)` when the client is restricted to one street.
    pub street_code: Option<String>,
}

impl Client {
    /// Refuses a request outside the client's grant.
    pub fn require(&self, scope: Scope) -> Result<(), crate::DomainError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(crate::DomainError::Forbidden(format!("this API key lacks the `{scope}` scope")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_round_trip_and_gate_requests() {
        let scopes = Scope::parse_list("stats:read, cases:read,unknown,cases:read");
        assert_eq!(scopes, [Scope::CasesRead, Scope::StatsRead]);
        assert_eq!(Scope::join(&scopes), "cases:read,stats:read");
        let c = Client { id: "c".into(), scopes, street_code: None };
        assert!(c.require(Scope::CasesRead).is_ok());
        assert!(c.require(Scope::WebhooksManage).is_err());
    }
}
