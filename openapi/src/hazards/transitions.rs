//! The lifecycle actions' request bodies: one type per action, and the tagged
//! `TransitionRequest` that carries any of them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::RectificationPlanDto;
use crate::enums::GradeDto;

/// reported → rectifying (责令整改).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Assign {
    /// Responsible department code.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub department_code: String,
    /// Responsible party.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub responsible_party: String,
    /// Rectification deadline, not in the past.
    pub deadline: NaiveDate,
    /// Optional 五落实 plan.
    #[serde(default)]
    #[validate(nested)]
    pub rectification_plan: Option<RectificationPlanDto>,
}

/// rectifying → pending_review: evidence of rectification.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Submit {
    /// Evidence.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
    /// Replaces the plan on record (a major hazard needs a complete plan).
    #[serde(default)]
    #[validate(nested)]
    pub rectification_plan: Option<RectificationPlanDto>,
}

/// pending_review → closed (复查通过). Not by the submitter; major: supervisor only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Approve {
    /// Review remarks.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: Option<String>,
}

/// pending_review → rectifying (复查不通过).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Reject {
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// Optional new deadline.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// reported → closed (立查立改), general hazards only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CloseOnSite {
    /// What was done.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
}

/// reported|rectifying → invalid. Supervisor only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Invalidate {
    /// Why, e.g. duplicate of another code.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Change grade or criterion of an open hazard.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Regrade {
    /// New grade.
    pub grade: GradeDto,
    /// Criterion for a major grade.
    #[serde(default)]
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub criterion_code: Option<String>,
    /// Required to downgrade a major hazard (supervisor only).
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}

/// A later deadline (延期). Supervisor only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// New deadline, later than the current one.
    pub deadline: NaiveDate,
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// closed → rectifying. Supervisor only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Reopen {
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// New deadline; required when the old one has passed.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// A lifecycle action: `{"action": "<name>", …its fields}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TransitionRequest {
    /// See [`Assign`].
    Assign(Assign),
    /// See [`Submit`].
    Submit(Submit),
    /// See [`Approve`].
    Approve(Approve),
    /// See [`Reject`].
    Reject(Reject),
    /// See [`CloseOnSite`].
    CloseOnSite(CloseOnSite),
    /// See [`Invalidate`].
    Invalidate(Invalidate),
    /// See [`Regrade`].
    Regrade(Regrade),
    /// See [`Extend`].
    Extend(Extend),
    /// See [`Reopen`].
    Reopen(Reopen),
}
