//! Photo kinds (多拍摄隐患场景): what a picture proves.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Before, after, or a document (e.g. a signed rectification notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoKind {
    /// The hazard as found.
    Before,
    /// The hazard after rectification: evidence for submit and close-on-site.
    After,
    /// A document.
    Document,
}

impl PhotoKind {
    /// Every kind.
    pub const ALL: [PhotoKind; 3] = [PhotoKind::Before, PhotoKind::After, PhotoKind::Document];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoKind::Before => "before",
            PhotoKind::After => "after",
            PhotoKind::Document => "document",
        }
    }
}

impl fmt::Display for PhotoKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PhotoKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhotoKind::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown photo kind `{s}`"))
    }
}
