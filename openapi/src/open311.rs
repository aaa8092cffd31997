//! Open311 GeoReport v2 bodies and parameters, for the document only: the handlers
//! build the same shapes as JSON values so one renderer can also write the spec's XML.
//! Kept here so integrators generate typed clients for the GeoReport endpoints too.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// The `.json` / `.xml` suffix of every GeoReport path.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Open311Format {
    /// `application/json`.
    Json,
    /// `text/xml`.
    Xml,
}

/// One endpoint in the discovery document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Endpoint {
    /// The specification it follows.
    pub specification: String,
    /// Its base URL.
    pub url: String,
    /// Last change.
    pub changeset: String,
    /// `production`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Media types offered.
    pub formats: Vec<String>,
}

/// `GET discovery`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Discovery {
    /// Last change.
    pub changeset: String,
    /// Who runs it.
    pub contact: String,
    /// How to get an `api_key`.
    pub key_service: String,
    /// The endpoints.
    pub endpoints: Vec<Open311Endpoint>,
}

/// One service: a sector.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Service {
    /// Sector code.
    pub service_code: String,
    /// Sector name.
    pub service_name: String,
    /// What it covers.
    pub description: String,
    /// Always `false`: no extra attributes.
    pub metadata: bool,
    /// Always `batch`: a request first gets a `token`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Comma-separated keywords.
    pub keywords: String,
    /// Service group.
    pub group: String,
}

/// `GET services/{service_code}`: no attributes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311ServiceDefinition {
    /// Sector code.
    pub service_code: String,
    /// Always empty.
    #[schema(value_type = Vec<Object>)]
    pub attributes: Vec<serde_json::Value>,
}

/// A hazard as a service request (redacted: no person, account or internal note).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Request {
    /// The hazard's code.
    pub service_request_id: String,
    /// `open` or `closed`.
    #[schema(pattern = r"^(open|closed)$")]
    pub status: String,
    /// The hazard's status in words.
    pub status_notes: String,
    /// Sector name.
    pub service_name: String,
    /// Sector code.
    pub service_code: String,
    /// What was found.
    pub description: String,
    /// Responsible department.
    pub agency_responsible: Option<String>,
    /// Always `null`.
    #[schema(value_type = Option<String>)]
    pub service_notice: Option<String>,
    /// Filed, with seconds and the district's offset.
    pub requested_datetime: String,
    /// Last change; for a closed request its closing time.
    pub updated_datetime: String,
    /// End of the rectification deadline, when set.
    pub expected_datetime: Option<String>,
    /// Address.
    pub address: String,
    /// Always `null`.
    pub address_id: Option<String>,
    /// Always `null`.
    pub zipcode: Option<String>,
    /// WGS-84 latitude.
    pub lat: Option<f64>,
    /// WGS-84 longitude.
    pub long: Option<f64>,
    /// Always `null`: photos are not public.
    pub media_url: Option<String>,
}

/// The answer to `POST requests`: a token to follow the tip.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Receipt {
    /// Follow it at `GET tokens/{token}`.
    pub token: String,
    /// What happens next.
    pub service_notice: String,
    /// Always `null`.
    pub account_id: Option<String>,
}

/// `GET tokens/{token}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311Token {
    /// The token.
    pub token: String,
    /// The request it became, `null` until verified.
    pub service_request_id: Option<String>,
}

/// `GET requests` parameters (all optional; an empty one counts as absent).
#[derive(Debug, Clone, Default, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Open311RequestsQuery {
    /// A key with `cases:read` (or send `X-Api-Key`).
    pub api_key: Option<String>,
    /// Comma-separated request ids; the other filters are then ignored.
    pub service_request_id: Option<String>,
    /// Comma-separated sector codes.
    pub service_code: Option<String>,
    /// Filed at or after (ISO 8601 with offset, or a date). Default: the last 90 days.
    pub start_date: Option<String>,
    /// Filed before.
    pub end_date: Option<String>,
    /// Comma-separated `open`, `closed`.
    pub status: Option<String>,
    /// Changed after (extension).
    pub updated_after: Option<String>,
    /// Page number from 1 (extension).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<i64>,
    /// Page size, 1 to 1000 (extension; default 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub page_size: Option<i64>,
}

/// `GET requests/{id}` parameters.
#[derive(Debug, Clone, Default, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Open311KeyQuery {
    /// A key with `cases:read` (or send `X-Api-Key`).
    pub api_key: Option<String>,
}

/// The form of `POST requests` (`application/x-www-form-urlencoded`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311CreateRequest {
    /// A key with `tips:create` (also accepted in the query string, or as `X-Api-Key`).
    pub api_key: Option<String>,
    /// Sector code (see `GET services`).
    #[schema(min_length = 1, max_length = 64)]
    pub service_code: String,
    /// WGS-84 latitude (give `lat` and `long`, or `address_string`).
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    /// WGS-84 longitude.
    #[schema(minimum = -180, maximum = 180)]
    pub long: Option<f64>,
    /// Address.
    #[schema(max_length = 500)]
    pub address_string: Option<String>,
    /// What was seen.
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    /// Reporter's first name (never shown to API clients).
    pub first_name: Option<String>,
    /// Reporter's last name.
    pub last_name: Option<String>,
    /// Reporter's phone.
    pub phone: Option<String>,
}

/// The same form as `multipart/form-data`, with a photo of the hazard under `media` (the
/// common extension to `media_url`; JPEG, PNG, WebP or HEIC, the photo size limit).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Open311CreateRequestWithMedia {
    /// A key with `tips:create` (also accepted in the query string, or as `X-Api-Key`).
    pub api_key: Option<String>,
    /// Sector code (see `GET services`).
    #[schema(min_length = 1, max_length = 64)]
    pub service_code: String,
    /// WGS-84 latitude (give `lat` and `long`, or `address_string`).
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    /// WGS-84 longitude.
    #[schema(minimum = -180, maximum = 180)]
    pub long: Option<f64>,
    /// Address.
    #[schema(max_length = 500)]
    pub address_string: Option<String>,
    /// What was seen.
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    /// Reporter's first name (never shown to API clients).
    pub first_name: Option<String>,
    /// Reporter's last name.
    pub last_name: Option<String>,
    /// Reporter's phone.
    pub phone: Option<String>,
    /// A photo of the hazard.
    #[schema(value_type = Option<String>, format = Binary)]
    pub media: Option<Vec<u8>>,
}
