//! Public tip-offs (隐患举报) and their rewards (举报奖励).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Where a tip stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipStatus {
    /// Waiting for a supervisor.
    Received,
    /// Confirmed: it became a hazard.
    Verified,
    /// Not a hazard.
    Rejected,
}

/// Where a tip's reward stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RewardStatus {
    /// No reward (yet).
    None,
    /// Approved, not paid.
    Pending,
    /// Paid.
    Granted,
}

macro_rules! codes {
    ($t:ty { $($v:ident => $s:literal),+ }) => {
        impl $t {
            /// The wire and storage code.
            pub fn as_str(self) -> &'static str { match self { $(Self::$v => $s),+ } }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($s => Ok(Self::$v),)+ other => Err(format!("unknown code `{other}`")) }
            }
        }
    };
}

codes!(TipStatus { Received => "received", Verified => "verified", Rejected => "rejected" });
codes!(RewardStatus { None => "none", Pending => "pending", Granted => "granted" });

/// A tip must say where: an address or coordinates.
pub fn check_location(has_address: bool, has_coordinates: bool) -> Result<(), DomainError> {
    if has_address || has_coordinates {
        Ok(())
    } else {
        Err(DomainError::field("address", "give an address or coordinates"))
    }
}

/// Photos are added to a tip only while it awaits review.
pub fn check_photo(status: TipStatus) -> Result<(), DomainError> {
    match status {
        TipStatus::Received => Ok(()),
        _ => Err(DomainError::InvalidTransition("the tip was already reviewed".into())),
    }
}

/// Verifying or rejecting needs a tip that is still waiting.
pub fn check_review(status: TipStatus) -> Result<(), DomainError> {
    match status {
        TipStatus::Received => Ok(()),
        other => Err(DomainError::InvalidTransition(format!("the tip is already {other}"))),
    }
}

/// The reward moves none → pending → granted, only for verified tips, with a positive amount.
pub fn check_reward(
    status: TipStatus,
    current: RewardStatus,
    to: RewardStatus,
    amount: f64,
) -> Result<(), DomainError> {
    if status != TipStatus::Verified {
        return Err(DomainError::InvalidTransition("only verified tips earn a reward".into()));
    }
    if !(amount.is_finite() && amount > 0.0 && amount <= 1_000_000.0) {
        return Err(DomainError::field("amount", "must be more than 0 and at most 1,000,000"));
    }
    match (current, to) {
        (RewardStatus::None, RewardStatus::Pending | RewardStatus::Granted)
        | (RewardStatus::Pending, RewardStatus::Granted) => Ok(()),
        _ => Err(DomainError::InvalidTransition(format!("the reward cannot go from {current} to {to}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_and_rewards() {
        assert!(check_review(TipStatus::Received).is_ok());
        assert!(check_review(TipStatus::Verified).is_err());
        assert!(check_reward(TipStatus::Verified, RewardStatus::None, RewardStatus::Pending, 500.0).is_ok());
        assert!(check_reward(TipStatus::Verified, RewardStatus::Pending, RewardStatus::Granted, 500.0).is_ok());
        assert!(check_reward(TipStatus::Verified, RewardStatus::Granted, RewardStatus::Pending, 500.0).is_err());
        assert!(check_reward(TipStatus::Received, RewardStatus::None, RewardStatus::Pending, 500.0).is_err());
        assert!(matches!(
            check_reward(TipStatus::Verified, RewardStatus::None, RewardStatus::Pending, -1.0),
            Err(DomainError::Validation(_))
        ));
        assert_eq!("granted".parse::<RewardStatus>(), Ok(RewardStatus::Granted));
    }
}
