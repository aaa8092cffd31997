//! Listed supervision (挂牌督办) and enforcement actions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::enums::{GradeDto, StatusDto};

/// Supervision level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelDto {
    /// 街镇级.
    Street,
    /// 区级.
    District,
    /// 市级.
    City,
}

impl From<LevelDto> for hazard_domain::supervision::Level {
    fn from(v: LevelDto) -> Self {
        use hazard_domain::supervision::Level as L;
        match v {
            LevelDto::Street => L::Street,
            LevelDto::District => L::District,
            LevelDto::City => L::City,
        }
    }
}

impl From<hazard_domain::supervision::Level> for LevelDto {
    fn from(v: hazard_domain::supervision::Level) -> Self {
        use hazard_domain::supervision::Level as L;
        match v {
            L::Street => LevelDto::Street,
            L::District => LevelDto::District,
            L::City => LevelDto::City,
        }
    }
}

/// A listing (挂牌).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Supervision {
    /// Id.
    pub id: Uuid,
    /// The hazard.
    pub hazard_id: Uuid,
    /// Level.
    pub level: LevelDto,
    /// Supervising department.
    pub department_code: String,
    /// 督办文号.
    pub document_number: String,
    /// Supervision deadline.
    pub deadline: NaiveDate,
    /// Why it was listed.
    pub reason: String,
    /// `active` or `lifted`.
    pub status: String,
    /// Active and past its deadline.
    pub overdue: bool,
    /// Listed.
    pub listed_at: DateTime<Utc>,
    /// Lifted (摘牌).
    pub lifted_at: Option<DateTime<Utc>>,
}

/// A row of the supervision board: the listing and its hazard at a glance.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SupervisionRow {
    /// The listing.
    #[serde(flatten)]
    pub supervision: Supervision,
    /// The hazard's code.
    pub hazard_code: String,
    /// Its title.
    pub hazard_title: String,
    /// Its grade.
    pub hazard_grade: GradeDto,
    /// Its status.
    pub hazard_status: StatusDto,
    /// Its street.
    pub street_code: String,
    /// Days past the supervision deadline (0 when not overdue).
    pub days_overdue: i64,
}

/// Listing a hazard for supervision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ListSupervision {
    /// Level.
    pub level: LevelDto,
    /// Supervising department.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub department_code: String,
    /// 督办文号, e.g. 长安委督〔2025〕3号.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub document_number: String,
    /// Deadline, not in the past.
    pub deadline: NaiveDate,
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Raising the level (提级).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EscalateSupervision {
    /// The new, higher level.
    pub level: LevelDto,
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Lifting (摘牌), once the hazard is closed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LiftSupervision {
    /// Remarks.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: Option<String>,
}

/// Filters and paging for `GET /v1/supervisions`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SupervisionListQuery {
    /// `active` or `lifted`.
    #[validate(custom(function = "check_status"))]
    #[param(pattern = r"^(active|lifted)$")]
    pub status: Option<String>,
    /// Only this level.
    pub level: Option<LevelDto>,
    /// Only hazards of this street.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub street: Option<String>,
    /// Only this supervising department.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub department: Option<String>,
    /// `true`: active listings past their deadline.
    pub overdue: Option<bool>,
    /// Page size, 1..=200 (default 50).
    #[validate(range(min = 1, max = 200))]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
}

fn check_status(s: &str) -> Result<(), validator::ValidationError> {
    if s == "active" || s == "lifted" {
        Ok(())
    } else {
        Err(validator::ValidationError::new("status").with_message("must be active or lifted".into()))
    }
}

/// Kind of enforcement action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnforcementKindDto {
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

impl From<EnforcementKindDto> for hazard_domain::enforcement::EnforcementKind {
    fn from(v: EnforcementKindDto) -> Self {
        use hazard_domain::enforcement::EnforcementKind as K;
        match v {
            EnforcementKindDto::Interview => K::Interview,
            EnforcementKindDto::WarningNotice => K::WarningNotice,
            EnforcementKindDto::EscalatedInvestigation => K::EscalatedInvestigation,
            EnforcementKindDto::DoublePenalty => K::DoublePenalty,
            EnforcementKindDto::Suspension => K::Suspension,
        }
    }
}

impl From<hazard_domain::enforcement::EnforcementKind> for EnforcementKindDto {
    fn from(v: hazard_domain::enforcement::EnforcementKind) -> Self {
        use hazard_domain::enforcement::EnforcementKind as K;
        match v {
            K::Interview => EnforcementKindDto::Interview,
            K::WarningNotice => EnforcementKindDto::WarningNotice,
            K::EscalatedInvestigation => EnforcementKindDto::EscalatedInvestigation,
            K::DoublePenalty => EnforcementKindDto::DoublePenalty,
            K::Suspension => EnforcementKindDto::Suspension,
        }
    }
}

/// An enforcement action.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EnforcementAction {
    /// Id.
    pub id: Uuid,
    /// The hazard.
    pub hazard_id: Uuid,
    /// The enterprise concerned.
    pub enterprise_id: Option<Uuid>,
    /// Kind.
    pub kind: EnforcementKindDto,
    /// When it happened.
    pub date: NaiveDate,
    /// Department that acted.
    pub department_code: String,
    /// Remarks.
    pub note: Option<String>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// Recording an enforcement action.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateEnforcement {
    /// Kind.
    pub kind: EnforcementKindDto,
    /// When it happened (not in the future).
    pub date: NaiveDate,
    /// Department that acted.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub department_code: String,
    /// Remarks.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: Option<String>,
    /// The enterprise; defaults to the hazard's.
    #[serde(default)]
    pub enterprise_id: Option<Uuid>,
}
