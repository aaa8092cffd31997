//! Third-party API clients and the redacted public view of hazards.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::enums::{GradeDto, SourceDto, StatusDto};
use crate::hazards::Hazard;

/// A registered client (never its key).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiClient {
    /// Id.
    pub id: Uuid,
    /// Who it is.
    pub name: String,
    /// Granted scopes: `cases:read`, `stats:read`, `webhooks:manage`, `tips:create`.
    pub scopes: Vec<String>,
    /// The one street it may see, if restricted.
    pub street_code: Option<String>,
    /// Requests per minute.
    pub rate_limit_per_minute: i32,
    /// Revoked clients are inactive.
    pub active: bool,
    /// The first characters of its current key, to tell keys apart.
    pub key_prefix: String,
    /// Until when the key replaced by the last rotation still works.
    pub previous_key_valid_until: Option<DateTime<Utc>>,
    /// Registered.
    pub created_at: DateTime<Utc>,
}

/// A client with its new key, shown only in this response.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiClientWithKey {
    /// The client.
    #[serde(flatten)]
    pub client: ApiClient,
    /// Send as `X-Api-Key`. Stored only as a digest: copy it now.
    pub api_key: String,
}

/// Registering a client.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateApiClient {
    /// Who it is, e.g. 一网统管平台.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Scopes to grant.
    #[validate(length(min = 1, max = 4))]
    #[schema(min_items = 1, max_items = 4)]
    pub scopes: Vec<String>,
    /// Restrict to one street.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: Option<String>,
    /// Requests per minute (default 60).
    #[serde(default)]
    #[validate(range(min = 1, max = 100000))]
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_limit_per_minute: Option<i32>,
}

/// Changing a client; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateApiClient {
    /// New name.
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// New scopes.
    #[serde(default)]
    #[validate(length(min = 1, max = 4))]
    #[schema(min_items = 1, max_items = 4)]
    pub scopes: Option<Vec<String>>,
    /// `false` revokes the client (every key stops working at once).
    #[serde(default)]
    pub active: Option<bool>,
    /// New rate limit.
    #[serde(default)]
    #[validate(range(min = 1, max = 100000))]
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_limit_per_minute: Option<i32>,
    /// New street restriction; `null` lifts it.
    #[serde(default, deserialize_with = "crate::serde_util::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub street_code: Option<Option<String>>,
}

/// A hazard as third parties see it: no person's name, account, phone or internal note.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicHazard {
    /// Id.
    pub id: Uuid,
    /// Human-readable code.
    pub code: String,
    /// Title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Sector.
    pub sector: String,
    /// Street.
    pub street_code: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Grade.
    pub grade: GradeDto,
    /// Criterion cited for a major grade.
    pub criterion_code: Option<String>,
    /// How it became known.
    pub source: SourceDto,
    /// Status.
    pub status: StatusDto,
    /// Responsible department (a public body).
    pub department_code: Option<String>,
    /// Rectification deadline.
    pub deadline: Option<NaiveDate>,
    /// Overdue now.
    pub overdue: bool,
    /// Level of an active listed supervision, if any.
    pub supervision_level: Option<String>,
    /// Filed.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<Hazard> for PublicHazard {
    fn from(h: Hazard) -> Self {
        PublicHazard {
            id: h.id,
            code: h.code,
            title: h.title,
            description: h.description,
            sector: h.sector,
            street_code: h.street_code,
            address: h.address,
            latitude: h.latitude,
            longitude: h.longitude,
            grade: h.grade,
            criterion_code: h.criterion_code,
            source: h.source,
            status: h.status,
            department_code: h.department_code,
            deadline: h.deadline,
            overdue: h.overdue,
            supervision_level: h.supervision.filter(|s| s.status == "active").map(|s| {
                serde_json::to_value(s.level).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            }),
            created_at: h.created_at,
            updated_at: h.updated_at,
            closed_at: h.closed_at,
        }
    }
}

/// A hazard in the view the caller is entitled to: staff (Bearer token) get [`Hazard`],
/// third-party clients (`X-Api-Key`) get [`PublicHazard`].
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum HazardView {
    /// Staff view.
    Staff(Box<Hazard>),
    /// Redacted third-party view.
    Public(Box<PublicHazard>),
}
