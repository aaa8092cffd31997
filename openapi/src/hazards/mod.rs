//! Hazards (隐患): filing, reading, the timeline and lifecycle transitions.
//!
//! The hazard itself is here; its plan, the lifecycle actions and the list query each
//! have a module, re-exported so `hazard_openapi::hazards::X` names them all.

mod plan;
mod query;
mod transitions;

pub use plan::*;
pub use query::*;
pub use transitions::*;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{GradeDto, SourceDto, StatusDto};

/// A hazard as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hazard {
    /// Id (client-made UUID when the phone sent one).
    pub id: Uuid,
    /// Human-readable code, e.g. `YH-2025-000123`.
    pub code: String,
    /// Short title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Sector code.
    pub sector: String,
    /// Street code.
    pub street_code: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Legal grade.
    pub grade: GradeDto,
    /// The criterion a major grade rests on (判定依据).
    pub criterion_code: Option<String>,
    /// How it became known.
    pub source: SourceDto,
    /// Lifecycle status.
    pub status: StatusDto,
    /// The enterprise concerned.
    pub enterprise_id: Option<Uuid>,
    /// The enterprise's name as reported, when no enterprise record was linked.
    pub enterprise_name: Option<String>,
    /// The inspection it was found in.
    pub inspection_id: Option<Uuid>,
    /// Responsible department (责任单位).
    pub department_code: Option<String>,
    /// Responsible party (责任人/单位).
    pub responsible_party: Option<String>,
    /// Rectification deadline, a district date.
    pub deadline: Option<NaiveDate>,
    /// Under rectification past the deadline (from the next district day on).
    pub overdue: bool,
    /// The 五落实 plan on record.
    pub rectification_plan: Option<RectificationPlanDto>,
    /// The account that filed it.
    pub reported_by: Uuid,
    /// When the reporter observed it (their device clock).
    pub observed_at: Option<DateTime<Utc>>,
    /// When the server received it.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Increases with every change; the `ETag` is derived from it.
    pub version: i64,
    /// The active listed supervision (挂牌督办), if any.
    pub supervision: Option<crate::supervision::Supervision>,
}

/// A new hazard. Phones may make the `id` offline: repeating the same request is safe.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateHazard {
    /// Client-made id; a retry with the same id and body returns the existing hazard.
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Short title.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// What was found.
    #[validate(length(min = 1, max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub description: String,
    /// Sector code (see `GET /v1/sectors`).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: String,
    /// Street code (see `GET /v1/streets`).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: String,
    /// Address.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: String,
    /// WGS-84 latitude, -90..=90; give both coordinates or neither.
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude, -180..=180.
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Legal grade.
    pub grade: GradeDto,
    /// Required for a major hazard: a criterion of the same sector.
    #[serde(default)]
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub criterion_code: Option<String>,
    /// How it became known; defaults to `inspection` for inspectors and supervisors,
    /// and is always `self_check` for enterprise accounts.
    #[serde(default)]
    pub source: Option<SourceDto>,
    /// The enterprise, when it is on record.
    #[serde(default)]
    pub enterprise_id: Option<Uuid>,
    /// The enterprise's name, when it is not on record.
    #[serde(default)]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub enterprise_name: Option<String>,
    /// When it was observed (device clock).
    #[serde(default)]
    pub observed_at: Option<DateTime<Utc>>,
    /// The inspection it was found in (counts for 千次检查发现率).
    #[serde(default)]
    pub inspection_id: Option<Uuid>,
}

/// Descriptive changes to an open hazard (`If-Match` required); absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateHazard {
    /// Short title.
    #[serde(default)]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    /// What was found.
    #[serde(default)]
    #[validate(length(min = 1, max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub description: Option<String>,
    /// Address.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: Option<String>,
    /// WGS-84 latitude (give both coordinates).
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// The enterprise, when it is on record; `null` unlinks.
    #[serde(default, deserialize_with = "crate::serde_util::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>)]
    pub enterprise_id: Option<Option<Uuid>>,
    /// The enterprise's name, when it is not on record.
    #[serde(default, deserialize_with = "crate::serde_util::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub enterprise_name: Option<Option<String>>,
}

/// One entry of a hazard's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HazardEvent {
    /// Increasing event number.
    pub id: i64,
    /// What happened: `report`, `assign`, `submit`, `approve`, `reject`, `close_on_site`,
    /// `invalidate`, `regrade`, `extend`, `reopen`, `overdue`, `edit`.
    pub action: String,
    /// Acting account; `null` for system events.
    pub actor_id: Option<Uuid>,
    /// Acting account's display name.
    pub actor_name: Option<String>,
    /// Acting account's role at the time.
    pub actor_role: Option<String>,
    /// Status before (`null` for the first event).
    pub from_status: Option<StatusDto>,
    /// Status after.
    pub to_status: StatusDto,
    /// Note or reason.
    pub note: Option<String>,
    /// Details, e.g. the new deadline or grade.
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
    /// When.
    pub created_at: DateTime<Utc>,
}
