//! Database rows. Times are UTC `NaiveDateTime` (portable across both backends); ids are
//! UUID text made in Rust.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::*;

/// A street (街镇).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = streets)]
pub struct StreetRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A responsible department (责任单位).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A sector (行业领域).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sectors)]
pub struct SectorRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A major-hazard criterion clause (重大事故隐患判定标准).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = criteria)]
pub struct CriterionRow {
    /// Stable clause code.
    pub code: String,
    /// The sector it applies to.
    pub sector: String,
    /// The clause text.
    pub text: String,
    /// The standard it comes from.
    pub source: String,
}

/// An enterprise (生产经营单位).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enterprises)]
pub struct EnterpriseRow {
    /// UUID.
    pub id: String,
    /// Registered name.
    pub name: String,
    /// Unified social credit code.
    pub uscc: String,
    /// Street.
    pub street_code: String,
    /// Sector.
    pub sector: String,
    /// Address.
    pub address: String,
    /// Risk-and-credit class A-D.
    pub risk_class: String,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// An account.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// UUID.
    pub id: String,
    /// Login name, unique.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Role code.
    pub role: String,
    /// Street scope; `None` is district-wide.
    pub street_code: Option<String>,
    /// Department the person works for.
    pub department_code: Option<String>,
    /// Enterprise an enterprise account speaks for.
    pub enterprise_id: Option<String>,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// A refresh token, stored only as its digest.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    /// UUID.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// The rotation chain it belongs to.
    pub family_id: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Expiry (UTC).
    pub expires_at: NaiveDateTime,
    /// Issued (UTC).
    pub created_at: NaiveDateTime,
    /// When it was exchanged for a new one.
    pub used_at: Option<NaiveDateTime>,
    /// When it was revoked (logout or reuse).
    pub revoked_at: Option<NaiveDateTime>,
}

/// A hazard, as stored. Serializable so the outbox can keep it as it was at an event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = hazards, treat_none_as_null = true)]
pub struct HazardRow {
    /// UUID (client-made or server-made).
    pub id: String,
    /// Human-readable code, e.g. YH-2025-000123.
    pub code: String,
    /// Short title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Sector code.
    pub sector: String,
    /// Street code.
    pub street_code: String,
    /// Address.
    pub address: String,
    /// WGS-84 latitude.
    pub latitude: Option<f64>,
    /// WGS-84 longitude.
    pub longitude: Option<f64>,
    /// Grade code.
    pub grade: String,
    /// Cited criterion for major hazards.
    pub criterion_code: Option<String>,
    /// Source code.
    pub source: String,
    /// Status code.
    pub status: String,
    /// Enterprise, when known.
    pub enterprise_id: Option<String>,
    /// Enterprise name as the inspector typed it.
    pub enterprise_name: Option<String>,
    /// Inspection it was found in.
    pub inspection_id: Option<String>,
    /// Responsible department.
    pub department_code: Option<String>,
    /// Responsible party.
    pub responsible_party: Option<String>,
    /// Rectification deadline (district date).
    pub deadline: Option<NaiveDate>,
    /// The 五落实 plan as JSON.
    pub rectification_plan: Option<String>,
    /// Account that filed it.
    pub reported_by: String,
    /// When the reporter saw it (their clock).
    pub observed_at: Option<NaiveDateTime>,
    /// Filed (server clock, UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
    /// Closed (UTC).
    pub closed_at: Option<NaiveDateTime>,
    /// Optimistic-concurrency version, +1 on every change.
    pub version: i64,
    /// Who submitted the current rectification.
    pub last_submitted_by: Option<String>,
    /// Digest of the creating request, to recognise a retried create.
    pub request_hash: String,
    /// The deadline whose passing was recorded as an `overdue` event (once per deadline).
    pub overdue_recorded_for: Option<NaiveDate>,
    /// The deadline a reminder was recorded for (once per deadline).
    pub reminded_for: Option<NaiveDate>,
    /// Whole days from filing to closing, set on closing (for the median).
    pub close_days: Option<i32>,
    /// The public tip it was verified from.
    pub tip_id: Option<String>,
    /// The district date it was filed: what a reporting period counts by.
    pub filed_on: NaiveDate,
    /// Ever listed for supervision (挂牌督办率 counts it even after lifting).
    pub listed: bool,
    /// Its case drew an interview or a warning notice (约谈警示通报率).
    pub enforced: bool,
}

/// A timeline event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hazard_events)]
pub struct EventRow {
    /// Insertion order.
    pub id: i64,
    /// The hazard.
    pub hazard_id: String,
    /// Event kind code.
    pub action: String,
    /// Acting account; `None` for system events.
    pub actor_id: Option<String>,
    /// The actor's role at the time.
    pub actor_role: Option<String>,
    /// Status before.
    pub from_status: Option<String>,
    /// Status after.
    pub to_status: String,
    /// Note or reason.
    pub note: Option<String>,
    /// Extra JSON detail (e.g. new deadline, grade).
    pub data: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// A new timeline event.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hazard_events)]
pub struct NewEvent {
    /// The hazard.
    pub hazard_id: String,
    /// Event kind code.
    pub action: String,
    /// Acting account.
    pub actor_id: Option<String>,
    /// The actor's role.
    pub actor_role: Option<String>,
    /// Status before.
    pub from_status: Option<String>,
    /// Status after.
    pub to_status: String,
    /// Note or reason.
    pub note: Option<String>,
    /// Extra JSON detail.
    pub data: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// An inspection (检查).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inspections, treat_none_as_null = true)]
pub struct InspectionRow {
    /// UUID.
    pub id: String,
    /// Public, unguessable inspection code (检查码).
    pub code: String,
    /// Kind code.
    pub kind: String,
    /// Enterprise inspected, if any.
    pub enterprise_id: Option<String>,
    /// Site address when no enterprise is on record.
    pub site_address: Option<String>,
    /// Street.
    pub street_code: String,
    /// Department running it.
    pub department_code: Option<String>,
    /// JSON array of inspector account ids.
    pub inspector_ids: String,
    /// Start (UTC).
    pub started_at: NaiveDateTime,
    /// Finish (UTC).
    pub finished_at: Option<NaiveDateTime>,
    /// Remarks.
    pub note: Option<String>,
    /// Account that recorded it.
    pub created_by: String,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// A photo's metadata; the bytes are in the blob store under `sha256`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
pub struct PhotoRow {
    /// UUID.
    pub id: String,
    /// The hazard.
    pub hazard_id: String,
    /// before, after or document.
    pub kind: String,
    /// Content digest (blob key).
    pub sha256: String,
    /// MIME type judged from the bytes.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// Pixel width, when readable.
    pub width: Option<i32>,
    /// Pixel height, when readable.
    pub height: Option<i32>,
    /// When the phone took it (its clock).
    pub taken_at: Option<NaiveDateTime>,
    /// Where it was taken.
    pub latitude: Option<f64>,
    /// Where it was taken.
    pub longitude: Option<f64>,
    /// Uploader.
    pub uploaded_by: String,
    /// Uploaded (UTC).
    pub created_at: NaiveDateTime,
    /// Blob key of the thumbnail, once made.
    pub thumb_sha256: Option<String>,
}

/// A listed supervision (挂牌督办).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = supervisions, treat_none_as_null = true)]
pub struct SupervisionRow {
    /// UUID.
    pub id: String,
    /// The hazard.
    pub hazard_id: String,
    /// street, district or city.
    pub level: String,
    /// Supervising department.
    pub department_code: String,
    /// 督办文号.
    pub document_number: String,
    /// Supervision deadline.
    pub deadline: NaiveDate,
    /// Why it was listed.
    pub reason: String,
    /// active or lifted.
    pub status: String,
    /// Who listed it.
    pub listed_by: String,
    /// When.
    pub listed_at: NaiveDateTime,
    /// Who lifted it (摘牌).
    pub lifted_by: Option<String>,
    /// When.
    pub lifted_at: Option<NaiveDateTime>,
    /// Remarks on lifting.
    pub lift_note: Option<String>,
    /// The deadline whose passing was recorded (once).
    pub overdue_recorded_for: Option<NaiveDate>,
    /// The deadline a reminder was recorded for (once).
    pub reminded_for: Option<NaiveDate>,
}

/// An enforcement action (约谈, 警示通报, …).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enforcement_actions)]
pub struct EnforcementRow {
    /// UUID.
    pub id: String,
    /// The hazard.
    pub hazard_id: String,
    /// The enterprise concerned.
    pub enterprise_id: Option<String>,
    /// Kind code.
    pub kind: String,
    /// When it happened.
    pub action_date: NaiveDate,
    /// Department that acted.
    pub department_code: String,
    /// Remarks.
    pub note: Option<String>,
    /// Recorded by.
    pub created_by: String,
    /// Recorded at.
    pub created_at: NaiveDateTime,
}

/// A public tip-off (隐患举报), without its reporter.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = tips, treat_none_as_null = true)]
pub struct TipRow {
    /// UUID.
    pub id: String,
    /// Public tracking code.
    pub tracking_code: String,
    /// SHA-256 of the reporter's secret.
    pub secret_hash: String,
    /// What the reporter saw.
    pub description: String,
    /// Where.
    pub address: Option<String>,
    /// Where.
    pub latitude: Option<f64>,
    /// Where.
    pub longitude: Option<f64>,
    /// The reporter's guess of the sector.
    pub sector_guess: Option<String>,
    /// Street, when known.
    pub street_code: Option<String>,
    /// received, verified or rejected.
    pub status: String,
    /// Why it was rejected.
    pub reject_reason: Option<String>,
    /// The hazard it became.
    pub hazard_id: Option<String>,
    /// none, pending or granted.
    pub reward_status: String,
    /// Reward amount (yuan).
    pub reward_amount: Option<f64>,
    /// Received.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Who sent a tip: confidential, administrators only.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tip_reporters)]
pub struct TipReporterRow {
    /// The tip.
    pub tip_id: String,
    /// Name, if given.
    pub name: Option<String>,
    /// Phone, if given.
    pub phone: Option<String>,
}

/// A photo sent with a tip.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tip_photos)]
pub struct TipPhotoRow {
    /// UUID.
    pub id: String,
    /// The tip.
    pub tip_id: String,
    /// Blob key.
    pub sha256: String,
    /// MIME type judged from the bytes.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// Received.
    pub created_at: NaiveDateTime,
}

/// A third-party API client.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = api_clients, treat_none_as_null = true)]
pub struct ApiClientRow {
    /// UUID.
    pub id: String,
    /// Who it is (e.g. 一网统管平台).
    pub name: String,
    /// First characters of the current key, to find the row.
    pub key_prefix: String,
    /// SHA-256 of the current key.
    pub key_hash: String,
    /// Prefix of the key replaced by the last rotation.
    pub previous_key_prefix: Option<String>,
    /// Its digest.
    pub previous_key_hash: Option<String>,
    /// Until when the previous key still works.
    pub previous_valid_until: Option<NaiveDateTime>,
    /// Comma-separated scopes.
    pub scopes: String,
    /// Street restriction.
    pub street_code: Option<String>,
    /// Requests per minute (token bucket size).
    pub rate_limit_per_minute: i32,
    /// Revoked clients are inactive.
    pub active: bool,
    /// Registered.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

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
