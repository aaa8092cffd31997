//! Public tip-offs, their confidential reporters and their photos.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

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
