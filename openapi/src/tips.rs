//! Public tip-offs (隐患举报).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::enums::GradeDto;

/// A tip as anyone sends it, without an account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateTip {
    /// What you saw.
    #[validate(length(min = 5, max = 4000))]
    #[schema(min_length = 5, max_length = 4000)]
    pub description: String,
    /// Where (or give coordinates).
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: Option<String>,
    /// WGS-84 latitude.
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Your guess of the sector.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: Option<String>,
    /// The street, if you know it.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: Option<String>,
    /// Your name (optional; confidential).
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub contact_name: Option<String>,
    /// Your phone (optional; confidential; needed for a reward).
    #[serde(default)]
    #[validate(length(min = 5, max = 30))]
    #[schema(min_length = 5, max_length = 30)]
    pub contact_phone: Option<String>,
}

/// What the reporter gets back: keep both to follow the tip.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TipReceipt {
    /// Public tracking code.
    pub tracking_code: String,
    /// Secret to show progress (`X-Tip-Secret`); shown only now.
    pub secret: String,
}

/// What a reporter sees: the status only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TipStatusView {
    /// Tracking code.
    pub tracking_code: String,
    /// `received`, `verified` or `rejected`.
    pub status: String,
    /// `none`, `pending` or `granted`.
    pub reward_status: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A tip as supervisors see it: never who sent it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Tip {
    /// Id.
    pub id: Uuid,
    /// Tracking code.
    pub tracking_code: String,
    /// What was reported.
    pub description: String,
    /// Where.
    pub address: Option<String>,
    /// Where.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// Where.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// The reporter's sector guess.
    pub sector_guess: Option<String>,
    /// Street, when known.
    pub street_code: Option<String>,
    /// `received`, `verified` or `rejected`.
    pub status: String,
    /// Why it was rejected.
    pub reject_reason: Option<String>,
    /// The hazard it became.
    pub hazard_id: Option<Uuid>,
    /// `none`, `pending` or `granted`.
    pub reward_status: String,
    /// Reward amount (yuan).
    pub reward_amount: Option<f64>,
    /// Number of photos sent.
    pub photos: i64,
    /// Received.
    pub created_at: DateTime<Utc>,
}

/// Who sent a tip: administrators only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TipReporter {
    /// Name, if given.
    pub name: Option<String>,
    /// Phone, if given.
    pub phone: Option<String>,
}

/// Verifying a tip into a hazard.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct VerifyTip {
    /// The hazard's title.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Sector.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: String,
    /// Street.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub street_code: String,
    /// Address; defaults to the tip's.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub address: Option<String>,
    /// Grade.
    pub grade: GradeDto,
    /// Criterion, for a major grade.
    #[serde(default)]
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub criterion_code: Option<String>,
    /// The enterprise concerned, when on record.
    #[serde(default)]
    pub enterprise_id: Option<Uuid>,
}

/// Rejecting a tip.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RejectTip {
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Reward status as set by supervisors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RewardStatusDto {
    /// Approved, not paid.
    Pending,
    /// Paid.
    Granted,
}

/// Rewarding a verified tip (举报奖励).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RewardTip {
    /// Amount in yuan.
    pub amount: f64,
    /// `pending` (default) or `granted`.
    #[serde(default)]
    pub status: Option<RewardStatusDto>,
}

impl RewardTip {
    /// The reward status asked for: `pending` unless `granted` is named.
    pub fn target(&self) -> hazard_domain::tip::RewardStatus {
        match self.status {
            Some(RewardStatusDto::Granted) => hazard_domain::tip::RewardStatus::Granted,
            _ => hazard_domain::tip::RewardStatus::Pending,
        }
    }
}

/// Filters and paging for `GET /v1/tips`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TipListQuery {
    /// `received`, `verified` or `rejected`.
    #[validate(custom(function = "check_status"))]
    #[param(pattern = r"^(received|verified|rejected)$")]
    pub status: Option<String>,
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
    if matches!(s, "received" | "verified" | "rejected") {
        Ok(())
    } else {
        Err(validator::ValidationError::new("status").with_message("must be received, verified or rejected".into()))
    }
}

/// The multipart form of `POST /v1/public/tips/{tracking_code}/photos`: the image only
/// (any other field is refused by name).
#[derive(Debug, ToSchema)]
pub struct TipPhotoUpload {
    /// The image: JPEG, PNG, WebP or HEIC (judged by its bytes).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The answer to a tip photo: it was stored (nothing about it is shown back).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TipPhotoStored {
    /// Always `true`.
    pub stored: bool,
}
