//! Photos of hazards (多拍摄隐患场景).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// What a photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhotoKindDto {
    /// The hazard as found.
    Before,
    /// After rectification: the evidence `submit` and `close_on_site` need.
    After,
    /// A document.
    Document,
}

impl From<PhotoKindDto> for hazard_domain::photo::PhotoKind {
    fn from(v: PhotoKindDto) -> Self {
        use hazard_domain::photo::PhotoKind as K;
        match v {
            PhotoKindDto::Before => K::Before,
            PhotoKindDto::After => K::After,
            PhotoKindDto::Document => K::Document,
        }
    }
}

impl From<hazard_domain::photo::PhotoKind> for PhotoKindDto {
    fn from(v: hazard_domain::photo::PhotoKind) -> Self {
        use hazard_domain::photo::PhotoKind as K;
        match v {
            K::Before => PhotoKindDto::Before,
            K::After => PhotoKindDto::After,
            K::Document => PhotoKindDto::Document,
        }
    }
}

/// A photo's metadata; the bytes are at `url` (same authorization as the hazard).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Photo {
    /// Id.
    pub id: Uuid,
    /// The hazard.
    pub hazard_id: Uuid,
    /// What it shows.
    pub kind: PhotoKindDto,
    /// MIME type, judged from the bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes (hex).
    pub sha256: String,
    /// Pixel width, when readable.
    pub width: Option<i32>,
    /// Pixel height, when readable.
    pub height: Option<i32>,
    /// When it was taken (device clock).
    pub taken_at: Option<DateTime<Utc>>,
    /// Where it was taken.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// Where it was taken.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Uploader.
    pub uploaded_by: Uuid,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
    /// The bytes.
    pub url: String,
    /// A small JPEG for list screens.
    pub thumb_url: String,
}

/// The multipart form of `POST /v1/hazards/{id}/photos`.
#[derive(Debug, ToSchema)]
pub struct PhotoUpload {
    /// The image: JPEG, PNG, WebP or HEIC (judged by its bytes).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// `before`, `after` or `document`.
    pub kind: PhotoKindDto,
    /// RFC 3339 time the photo was taken.
    pub taken_at: Option<DateTime<Utc>>,
    /// WGS-84 latitude where it was taken.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// WGS-84 longitude where it was taken.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
}

/// Which rendition of a photo.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    /// `thumb` for a small JPEG (made once); the original otherwise. HEIC photos have no
    /// thumbnail here and are served as they are.
    pub size: Option<PhotoSize>,
}

/// Photo renditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSize {
    /// The uploaded bytes.
    Original,
    /// A small JPEG.
    Thumb,
}
