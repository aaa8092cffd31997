//! The legal grade of a hazard (国家安监总局令第16号).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// General or major; a major hazard must cite a catalogue criterion (判定依据).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 一般事故隐患: small harm, fixable at once by the party itself.
    General,
    /// 重大事故隐患: needs a stop of work and time, or outside help, to fix.
    Major,
}

impl Grade {
    /// Both grades.
    pub const ALL: [Grade; 2] = [Grade::General, Grade::Major];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::General => "general",
            Grade::Major => "major",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Grade::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown grade `{s}`"))
    }
}
