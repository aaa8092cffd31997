//! Webhooks, the outbox of events and the deliveries of one to the other.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

/// A webhook a client registered.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    /// UUID.
    pub id: String,
    /// Owner.
    pub client_id: String,
    /// Target URL.
    pub url: String,
    /// Comma-separated event types.
    pub event_types: String,
    /// HMAC key for signatures.
    pub secret: String,
    /// Disabled webhooks get nothing.
    pub active: bool,
    /// Registered.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// An event waiting in the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    /// Order of writing.
    pub id: i64,
    /// Public event id.
    pub event_id: String,
    /// Event type, e.g. `hazard.status_changed`.
    pub event_type: String,
    /// The hazard.
    pub hazard_id: String,
    /// Its street (for street-restricted clients).
    pub street_code: String,
    /// Details known at write time (JSON).
    pub data: Option<String>,
    /// The body sent to receivers, made at fan-out.
    pub payload: Option<String>,
    /// Whether deliveries were made for it.
    pub fanned_out: bool,
    /// When it happened.
    pub created_at: NaiveDateTime,
    /// The hazard as it was when the event happened (a JSON `HazardRow`), so a delivery
    /// made later still shows that state.
    pub hazard_snapshot: Option<String>,
}

/// One event for one webhook: its attempts and outcome.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    /// UUID (sent as `X-Hazard-Delivery`).
    pub id: String,
    /// The webhook.
    pub webhook_id: String,
    /// The event.
    pub outbox_id: i64,
    /// The hazard (deliveries of one hazard go in order).
    pub hazard_id: String,
    /// pending, delivered or failed.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When to try next.
    pub next_attempt_at: NaiveDateTime,
    /// Claimed by a worker until then.
    pub locked_until: Option<NaiveDateTime>,
    /// Last HTTP status received.
    pub last_status_code: Option<i32>,
    /// Last error (timeout, refused…).
    pub last_error: Option<String>,
    /// Made.
    pub created_at: NaiveDateTime,
    /// Delivered.
    pub delivered_at: Option<NaiveDateTime>,
}
