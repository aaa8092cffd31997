//! Enterprises (生产经营单位).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Risk-and-credit class (风险+信用): A leave alone unless something happens … D watch closely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum RiskClassDto {
    /// 无事不扰.
    A,
    /// Below average attention.
    B,
    /// Priority.
    C,
    /// 紧盯不放.
    D,
}

impl From<RiskClassDto> for hazard_domain::enterprise::RiskClass {
    fn from(v: RiskClassDto) -> Self {
        use hazard_domain::enterprise::RiskClass as R;
        match v {
            RiskClassDto::A => R::A,
            RiskClassDto::B => R::B,
            RiskClassDto::C => R::C,
            RiskClassDto::D => R::D,
        }
    }
}

impl From<hazard_domain::enterprise::RiskClass> for RiskClassDto {
    fn from(v: hazard_domain::enterprise::RiskClass) -> Self {
        use hazard_domain::enterprise::RiskClass as R;
        match v {
            R::A => RiskClassDto::A,
            R::B => RiskClassDto::B,
            R::C => RiskClassDto::C,
            R::D => RiskClassDto::D,
        }
    }
}

/// An enterprise with the figures inspectors plan by.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Enterprise {
    /// Id.
    pub id: Uuid,
    /// Registered name.
    pub name: String,
    /// Unified social credit code (GB 32100-2015).
    pub uscc: String,
    /// Street.
    pub street_code: String,
    /// Sector.
    pub sector: String,
    /// Address.
    pub address: String,
    /// Risk-and-credit class.
    pub risk_class: RiskClassDto,
    /// C or D: on the priority list.
    pub priority: bool,
    /// Hazards still open (reported, rectifying, pending review).
    pub open_hazards: i64,
    /// When its last inspection finished.
    pub last_inspected_at: Option<DateTime<Utc>>,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new enterprise.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateEnterprise {
    /// Registered name.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// 18 characters with a valid check character; unique.
    #[validate(length(min = 18, max = 18))]
    #[schema(min_length = 18, max_length = 18)]
    pub uscc: String,
    /// Street.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: String,
    /// Sector.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: String,
    /// Address.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: String,
    /// Risk-and-credit class.
    pub risk_class: RiskClassDto,
}

/// Changes to an enterprise; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateEnterprise {
    /// Registered name.
    #[serde(default)]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// Unified social credit code.
    #[serde(default)]
    #[validate(length(min = 18, max = 18))]
    #[schema(min_length = 18, max_length = 18)]
    pub uscc: Option<String>,
    /// Street.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: Option<String>,
    /// Sector.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: Option<String>,
    /// Address.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: Option<String>,
    /// Risk-and-credit class.
    #[serde(default)]
    pub risk_class: Option<RiskClassDto>,
}

/// Filters and paging for `GET /v1/enterprises`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseListQuery {
    /// Only this street.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub street: Option<String>,
    /// Only this sector.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub sector: Option<String>,
    /// Only this class.
    pub risk_class: Option<RiskClassDto>,
    /// `true`: the priority list (classes C and D) only.
    pub priority: Option<bool>,
    /// Text in the name, or the start of the USCC.
    #[validate(length(min = 1, max = 100))]
    #[param(min_length = 1, max_length = 100)]
    pub q: Option<String>,
    /// Page size, 1..=200 (default 50).
    #[validate(range(min = 1, max = 200))]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 400))]
    #[param(max_length = 400)]
    pub cursor: Option<String>,
}
