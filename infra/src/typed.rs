//! The one mapping between each domain type and its stored code. Rows keep the codes
//! the database holds; these accessors are the only place they become domain types, and
//! a code the domain does not know is corrupt data (a 500 with its cause), never a guess.

use std::str::FromStr;

use hazard_domain::enforcement::EnforcementKind;
use hazard_domain::hazard::{Grade, Source, Status};
use hazard_domain::supervision::Level;
use hazard_domain::tip::{RewardStatus, TipStatus};
use hazard_domain::Role;
use uuid::Uuid;

use crate::models::{EnforcementRow, EventRow, HazardRow, ListedHazard, ListedRef, SupervisionRow, TipRow, UserRow};
use crate::InfraError;

/// Decodes the code stored in `column`.
pub fn decode<T: FromStr<Err = String>>(column: &str, value: &str) -> Result<T, InfraError> {
    value.parse().map_err(|e| InfraError::Corrupt(format!("{column}: {e}")))
}

/// Decodes an id stored as text.
pub fn id(column: &str, value: &str) -> Result<Uuid, InfraError> {
    Uuid::parse_str(value).map_err(|e| InfraError::Corrupt(format!("{column} `{value}`: {e}")))
}

/// The status code of an active listing (a lifted one is `lifted`).
pub const ACTIVE_LISTING: &str = "active";

/// The typed accessors of a hazard, for the full row and for the listed projection.
macro_rules! hazard_accessors {
    ($($row:ty),*) => {$(
        impl $row {
            /// Where the hazard is in its lifecycle.
            pub fn status(&self) -> Result<Status, InfraError> {
                decode("hazards.status", &self.status)
            }

            /// General or major.
            pub fn grade(&self) -> Result<Grade, InfraError> {
                decode("hazards.grade", &self.grade)
            }

            /// How it was found.
            pub fn source(&self) -> Result<Source, InfraError> {
                decode("hazards.source", &self.source)
            }

            /// The enterprise concerned, if any.
            pub fn enterprise(&self) -> Result<Option<Uuid>, InfraError> {
                self.enterprise_id.as_deref().map(|e| id("hazards.enterprise_id", e)).transpose()
            }
        }
    )*};
}

hazard_accessors!(HazardRow, ListedHazard, ListedRef<'_>);

impl EventRow {
    /// The status before the event (none for the report).
    pub fn from_state(&self) -> Result<Option<Status>, InfraError> {
        self.from_status.as_deref().map(|s| decode("hazard_events.from_status", s)).transpose()
    }

    /// The status after the event.
    pub fn to_state(&self) -> Result<Status, InfraError> {
        decode("hazard_events.to_status", &self.to_status)
    }
}

impl SupervisionRow {
    /// Who supervises.
    pub fn level(&self) -> Result<Level, InfraError> {
        decode("supervisions.level", &self.level)
    }

    /// Whether the listing is still in force.
    pub fn is_active(&self) -> bool {
        self.status == ACTIVE_LISTING
    }
}

impl TipRow {
    /// Where the review stands.
    pub fn review(&self) -> Result<TipStatus, InfraError> {
        decode("tips.status", &self.status)
    }

    /// Where the reward stands.
    pub fn reward(&self) -> Result<RewardStatus, InfraError> {
        decode("tips.reward_status", &self.reward_status)
    }
}

impl UserRow {
    /// What the account is for.
    pub fn role(&self) -> Result<Role, InfraError> {
        decode("users.role", &self.role)
    }
}

impl EnforcementRow {
    /// What was done.
    pub fn kind(&self) -> Result<EnforcementKind, InfraError> {
        decode("enforcement_actions.kind", &self.kind)
    }
}
