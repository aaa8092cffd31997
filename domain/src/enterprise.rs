//! Enterprises' risk-and-credit class (风险+信用 分级分类).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A (无事不扰, leave alone) to D (紧盯不放, watch closely); C and D are the priority list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskClass {
    /// Low risk, good credit: inspected only when something happens.
    A,
    /// Below average attention.
    B,
    /// Priority.
    C,
    /// Highest priority: watched closely.
    D,
}

impl RiskClass {
    /// Every class.
    pub const ALL: [RiskClass; 4] = [RiskClass::A, RiskClass::B, RiskClass::C, RiskClass::D];

    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskClass::A => "A",
            RiskClass::B => "B",
            RiskClass::C => "C",
            RiskClass::D => "D",
        }
    }

    /// Whether the enterprise is on the priority list (C and D).
    pub fn is_priority(self) -> bool {
        matches!(self, RiskClass::C | RiskClass::D)
    }

    /// The classes a list asks for with `class` and `priority_only` together: empty for
    /// every class, `None` when nothing can match (a non-priority class, priority only).
    pub fn selection(class: Option<RiskClass>, priority_only: bool) -> Option<Vec<RiskClass>> {
        let priority: Vec<RiskClass> = RiskClass::ALL.into_iter().filter(|c| c.is_priority()).collect();
        match (class, priority_only) {
            (None, false) => Some(Vec::new()),
            (None, true) => Some(priority),
            (Some(c), false) => Some(vec![c]),
            (Some(c), true) => c.is_priority().then(|| vec![c]),
        }
    }
}

impl fmt::Display for RiskClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RiskClass {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RiskClass::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown risk class `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_is_c_and_d() {
        let priority: Vec<_> = RiskClass::ALL.into_iter().filter(|c| c.is_priority()).collect();
        assert_eq!(priority, [RiskClass::C, RiskClass::D]);
        assert_eq!("D".parse::<RiskClass>(), Ok(RiskClass::D));
        assert!("E".parse::<RiskClass>().is_err());
    }
}
