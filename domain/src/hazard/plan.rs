//! The rectification plan (治理方案) a major hazard needs: the "五落实".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 五落实: responsibility, measures, funds, time limit, safety/contingency plan.
/// Every part may be filled in over time; `missing` tells what is still lacking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationPlan {
    /// 责任: responsible person or organisation.
    pub responsible: Option<String>,
    /// 措施: the measures.
    pub measures: Option<String>,
    /// 资金: funds and materials.
    pub funds: Option<String>,
    /// 时限: the time limit of the plan.
    pub deadline: Option<NaiveDate>,
    /// 预案: safety measures and contingency plan during rectification.
    pub contingency_plan: Option<String>,
}

impl RectificationPlan {
    /// The parts still missing (blank text counts as missing), by wire name.
    pub fn missing(&self) -> Vec<&'static str> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
        let mut out = Vec::new();
        if blank(&self.responsible) {
            out.push("responsible");
        }
        if blank(&self.measures) {
            out.push("measures");
        }
        if blank(&self.funds) {
            out.push("funds");
        }
        if self.deadline.is_none() {
            out.push("deadline");
        }
        if blank(&self.contingency_plan) {
            out.push("contingency_plan");
        }
        out
    }

    /// Whether all five parts are on record.
    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_parts_are_missing() {
        let mut plan = RectificationPlan {
            responsible: Some("张厂长".into()),
            measures: Some("  ".into()),
            funds: Some("5万元".into()),
            deadline: NaiveDate::from_ymd_opt(2025, 6, 1),
            contingency_plan: None,
        };
        assert_eq!(plan.missing(), vec!["measures", "contingency_plan"]);
        assert!(!plan.is_complete());
        plan.measures = Some("更换管线".into());
        plan.contingency_plan = Some("停用并设警戒".into());
        assert!(plan.is_complete());
        assert_eq!(RectificationPlan::default().missing().len(), 5);
    }
}
