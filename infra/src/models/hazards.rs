//! Hazards, their timeline and their photos.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::*;

/// A hazard, as stored. Serializable so the outbox can keep it as it was at an event.
/// `None` is inserted as a bound NULL, not as `DEFAULT` (no nullable column has a default):
/// an INSERT whose text does not change with the values is one PostgreSQL prepares once
/// per connection, where `DEFAULT` made diesel send it to be parsed and planned each time.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = hazards, treat_none_as_null = true, treat_none_as_default_value = false)]
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

/// A new timeline event (`None` inserted as NULL, so the INSERT is prepared once: see
/// [`HazardRow`]).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hazard_events, treat_none_as_default_value = false)]
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
