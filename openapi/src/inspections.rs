//! Inspections (检查) and their public verification (检查码).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::hazards::Hazard;

/// Kind of inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKindDto {
    /// 日常检查.
    Routine,
    /// 专项检查.
    Special,
    /// 联合检查.
    Joint,
    /// 四不两直.
    Unannounced,
    /// 企业自查.
    SelfCheck,
}

impl From<InspectionKindDto> for hazard_domain::inspection::InspectionKind {
    fn from(v: InspectionKindDto) -> Self {
        use hazard_domain::inspection::InspectionKind as K;
        match v {
            InspectionKindDto::Routine => K::Routine,
            InspectionKindDto::Special => K::Special,
            InspectionKindDto::Joint => K::Joint,
            InspectionKindDto::Unannounced => K::Unannounced,
            InspectionKindDto::SelfCheck => K::SelfCheck,
        }
    }
}

impl From<hazard_domain::inspection::InspectionKind> for InspectionKindDto {
    fn from(v: hazard_domain::inspection::InspectionKind) -> Self {
        use hazard_domain::inspection::InspectionKind as K;
        match v {
            K::Routine => InspectionKindDto::Routine,
            K::Special => InspectionKindDto::Special,
            K::Joint => InspectionKindDto::Joint,
            K::Unannounced => InspectionKindDto::Unannounced,
            K::SelfCheck => InspectionKindDto::SelfCheck,
        }
    }
}

/// An inspector as listed on an inspection.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InspectorRef {
    /// Account id.
    pub id: Uuid,
    /// Name.
    pub name: String,
}

/// An inspection as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Inspection {
    /// Id.
    pub id: Uuid,
    /// Public inspection code (检查码) the enterprise can verify.
    pub code: String,
    /// Kind.
    pub kind: InspectionKindDto,
    /// Enterprise inspected.
    pub enterprise_id: Option<Uuid>,
    /// Site address when no enterprise is on record.
    pub site_address: Option<String>,
    /// Street.
    pub street_code: String,
    /// Department running it.
    pub department_code: Option<String>,
    /// Inspectors.
    pub inspectors: Vec<InspectorRef>,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// Finish; `null` while running.
    pub finished_at: Option<DateTime<Utc>>,
    /// Remarks.
    pub note: Option<String>,
    /// Hazards found in it.
    pub hazards_count: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// An inspection with the hazards found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InspectionDetail {
    /// The inspection.
    #[serde(flatten)]
    pub inspection: Inspection,
    /// Hazards filed with this inspection.
    pub hazards: Vec<Hazard>,
}

/// A new inspection.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateInspection {
    /// Client-made id; a retry with the same id returns the inspection already recorded.
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Kind.
    pub kind: InspectionKindDto,
    /// The enterprise inspected (or give `site_address`).
    #[serde(default)]
    pub enterprise_id: Option<Uuid>,
    /// The site, when it is not an enterprise on record.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub site_address: Option<String>,
    /// Street.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: String,
    /// Department running it.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub department_code: Option<String>,
    /// Inspector account ids; the caller is always included.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub inspector_ids: Vec<Uuid>,
    /// Start (device clock); defaults to now.
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// Remarks.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: Option<String>,
}

/// Finishing an inspection.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FinishInspection {
    /// Finish (device clock); defaults to now.
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
}

/// What anyone holding an inspection code may see, to check an inspection is genuine.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicInspection {
    /// The code.
    pub code: String,
    /// Department (name).
    pub department: Option<String>,
    /// Kind.
    pub kind: InspectionKindDto,
    /// The day it started (district date).
    pub date: chrono::NaiveDate,
    /// Inspectors' names.
    pub inspector_names: Vec<String>,
    /// Hazards found.
    pub hazards_count: i64,
    /// Whether it has finished.
    pub finished: bool,
}

/// Filters and paging for `GET /v1/inspections`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InspectionListQuery {
    /// Only this street.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub street: Option<String>,
    /// Only this enterprise.
    pub enterprise_id: Option<Uuid>,
    /// Only this kind.
    pub kind: Option<InspectionKindDto>,
    /// `true`: finished only; `false`: running only.
    pub finished: Option<bool>,
    /// Page size, 1..=200 (default 50).
    #[validate(range(min = 1, max = 200))]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
}
