//! The rectification plan (五落实) on the wire, and its domain form.

use chrono::NaiveDate;
use hazard_domain::hazard::RectificationPlan;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// The rectification plan of a major hazard: the "五落实".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RectificationPlanDto {
    /// 责任: responsible person or organisation.
    #[serde(default)]
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub responsible: Option<String>,
    /// 措施: the measures.
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub measures: Option<String>,
    /// 资金: funds and materials.
    #[serde(default)]
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub funds: Option<String>,
    /// 时限: the plan's time limit.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// 预案: safety measures and contingency plan.
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub contingency_plan: Option<String>,
}

impl From<RectificationPlanDto> for RectificationPlan {
    fn from(p: RectificationPlanDto) -> Self {
        RectificationPlan {
            responsible: p.responsible,
            measures: p.measures,
            funds: p.funds,
            deadline: p.deadline,
            contingency_plan: p.contingency_plan,
        }
    }
}

impl From<RectificationPlan> for RectificationPlanDto {
    fn from(p: RectificationPlan) -> Self {
        RectificationPlanDto {
            responsible: p.responsible,
            measures: p.measures,
            funds: p.funds,
            deadline: p.deadline,
            contingency_plan: p.contingency_plan,
        }
    }
}
