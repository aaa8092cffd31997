//! Where a hazard stands in the closed loop (排查 → 整改 → 复查 → 销号).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Lifecycle status; `closed` and `invalid` are terminal (closed may be reopened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已上报: filed, not yet ordered for rectification.
    Reported,
    /// 整改中: rectification ordered, with a party and a deadline.
    Rectifying,
    /// 待复查: the party says it is fixed and waits for review.
    PendingReview,
    /// 已销号: review passed or fixed on the spot.
    Closed,
    /// 不属实/已撤销: not a hazard, or a duplicate.
    Invalid,
}

impl Status {
    /// Every status, for exhaustive tests.
    pub const ALL: [Status; 5] =
        [Status::Reported, Status::Rectifying, Status::PendingReview, Status::Closed, Status::Invalid];

    /// The statuses `open=true` selects: work still to be done.
    pub const OPEN: [Status; 3] = [Status::Reported, Status::Rectifying, Status::PendingReview];

    /// The wire and storage code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Rectifying => "rectifying",
            Status::PendingReview => "pending_review",
            Status::Closed => "closed",
            Status::Invalid => "invalid",
        }
    }

    /// Open hazards still need work; only they can be regraded or edited.
    pub fn is_open(self) -> bool {
        Status::OPEN.contains(&self)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown status `{s}`"))
    }
}

/// The statuses a list asks for with `open` and `status` together: `Some(vec![])` for
/// every status, `None` when the two contradict each other (nothing can match).
pub fn selection(open: Option<bool>, status: Option<Status>) -> Option<Vec<Status>> {
    let by_open: Vec<Status> = match open {
        Some(true) => Status::OPEN.to_vec(),
        Some(false) => vec![Status::Closed, Status::Invalid],
        None => Vec::new(),
    };
    match status {
        None => Some(by_open),
        Some(s) if by_open.is_empty() || by_open.contains(&s) => Some(vec![s]),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_combine_open_and_status() {
        assert_eq!(selection(None, None), Some(vec![]));
        assert_eq!(selection(Some(false), None), Some(vec![Status::Closed, Status::Invalid]));
        assert_eq!(selection(Some(true), Some(Status::Rectifying)), Some(vec![Status::Rectifying]));
        assert_eq!(selection(Some(true), Some(Status::Closed)), None);
        assert_eq!(selection(None, Some(Status::Closed)), Some(vec![Status::Closed]));
    }
}
