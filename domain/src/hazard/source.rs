//! How a hazard came to be known; the KPIs count by source.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The channel a hazard was found through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Found during an inspection (检查); counts for 千次检查发现率.
    Inspection,
    /// Reported by the enterprise itself (自查自改); counts for 自查自纠率.
    SelfCheck,
    /// A verified public tip-off (隐患举报).
    PublicTip,
    /// Anything else.
    Other,
}

impl Source {
    /// Every source.
    pub const ALL: [Source; 4] = [Source::Inspection, Source::SelfCheck, Source::PublicTip, Source::Other];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Inspection => "inspection",
            Source::SelfCheck => "self_check",
            Source::PublicTip => "public_tip",
            Source::Other => "other",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Source::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown source `{s}`"))
    }
}
