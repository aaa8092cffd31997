//! Enforcement actions that attach to a hazard and its enterprise.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The plan's enforcement measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnforcementKind {
    /// 约谈.
    Interview,
    /// 警示通报.
    WarningNotice,
    /// 提级调查.
    EscalatedInvestigation,
    /// 一案双罚.
    DoublePenalty,
    /// 停产停业整顿.
    Suspension,
}

impl EnforcementKind {
    /// Every kind.
    pub const ALL: [EnforcementKind; 5] = [
        EnforcementKind::Interview,
        EnforcementKind::WarningNotice,
        EnforcementKind::EscalatedInvestigation,
        EnforcementKind::DoublePenalty,
        EnforcementKind::Suspension,
    ];

    /// The kinds the 约谈警示通报率 counts: an interview, a warning or a notice.
    pub const INTERVIEW_OR_WARNING: [EnforcementKind; 2] = [EnforcementKind::Interview, EnforcementKind::WarningNotice];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            EnforcementKind::Interview => "interview",
            EnforcementKind::WarningNotice => "warning_notice",
            EnforcementKind::EscalatedInvestigation => "escalated_investigation",
            EnforcementKind::DoublePenalty => "double_penalty",
            EnforcementKind::Suspension => "suspension",
        }
    }
}

impl fmt::Display for EnforcementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EnforcementKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnforcementKind::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown enforcement `{s}`"))
    }
}

/// An enforcement action is recorded after the fact: its date may not lie in the future
/// (district date `today`).
pub fn check_date(date: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<(), crate::DomainError> {
    if date > today {
        Err(crate::DomainError::field("date", "must not be in the future"))
    } else {
        Ok(())
    }
}
