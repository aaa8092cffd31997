//! Webhooks: events pushed to third-party systems instead of polling.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A registered webhook (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Webhook {
    /// Id.
    pub id: Uuid,
    /// Target URL.
    pub url: String,
    /// Subscribed event types.
    pub event_types: Vec<String>,
    /// Disabled webhooks get nothing.
    pub active: bool,
    /// Registered.
    pub created_at: DateTime<Utc>,
}

/// Registering a webhook.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// https URL (http only where the server allows it for testing).
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
    /// Any of `hazard.created`, `hazard.updated`, `hazard.status_changed`, `hazard.overdue`,
    /// `supervision.listed`, `supervision.escalated`, `supervision.lifted`.
    #[validate(length(min = 1, max = 10))]
    #[schema(min_items = 1, max_items = 10)]
    pub event_types: Vec<String>,
    /// HMAC-SHA256 key for `X-Hazard-Signature`, 16 to 200 characters.
    #[validate(length(min = 16, max = 200))]
    #[schema(min_length = 16, max_length = 200)]
    pub secret: String,
}

/// Enabling or disabling a webhook.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    /// `false` disables it.
    pub active: bool,
}

/// One event for one webhook.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// Id, sent as `X-Hazard-Delivery`.
    pub id: Uuid,
    /// The event's id (the body's `id`).
    pub event_id: String,
    /// Event type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// HTTP status of the last attempt.
    pub last_status_code: Option<i32>,
    /// Error of the last attempt.
    pub last_error: Option<String>,
    /// Next attempt, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}
