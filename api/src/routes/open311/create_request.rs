//! `POST /open311/v2/requests.{format}`: file a public tip through a third-party app.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_domain::client::Scope;
use hazard_domain::FieldError;
use hazard_openapi::tips::CreateTip;
use serde_json::{json, Value};
use validator::Validate;

use super::common::{client_with, format_of, header_client};
use super::render::{problem, respond};
use crate::error::{blocking, ApiError};
use crate::extract::body::read_limited;
use crate::extract::multipart::{self, Shape};
use crate::media_limits::accept_image;
use crate::state::AppState;
use crate::usecases::tips::file::{file, Channel, Photo};

/// The description of a request sent without one.
const NO_DESCRIPTION: &str = "（未填写描述）reported through Open311 without a description";

/// GeoReport's names for the fields of a tip.
const NAMES: [(&str, &str); 6] = [
    ("address", "address_string"),
    ("latitude", "lat"),
    ("longitude", "long"),
    ("sector", "service_code"),
    ("contact_name", "first_name"),
    ("contact_phone", "phone"),
];

fn spec_name(field: String) -> String {
    NAMES.iter().find(|(ours, _)| *ours == field).map_or(field, |(_, theirs)| (*theirs).to_owned())
}

fn number(form: &HashMap<String, String>, name: &str) -> Result<Option<f64>, ApiError> {
    form.get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<f64>().map_err(|_| ApiError::field(name, "must be a number")))
        .transpose()
}

/// The form as the tip the REST channel takes, validated by the same rules.
fn tip_of(form: &HashMap<String, String>) -> Result<CreateTip, ApiError> {
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let sector = get("service_code").ok_or_else(|| ApiError::field("service_code", "required"))?;
    let name = [get("first_name"), get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let tip = CreateTip {
        // The spec lists `description` as optional.
        description: get("description").unwrap_or_else(|| NO_DESCRIPTION.to_owned()),
        address: get("address_string"),
        latitude: number(form, "lat")?,
        longitude: number(form, "long")?,
        sector: Some(sector),
        street_code: None,
        contact_name: (!name.is_empty()).then_some(name),
        contact_phone: get("phone"),
    };
    tip.validate().map_err(|e| match ApiError::from(e) {
        ApiError::Validation(fields) => ApiError::Validation(
            fields.into_iter().map(|f| FieldError { field: spec_name(f.field), message: f.message }).collect(),
        ),
        other => other,
    })?;
    Ok(tip)
}

fn file_request(
    state: &AppState,
    req_client: Option<hazard_domain::client::Client>,
    form: &HashMap<String, String>,
    photo: Option<Photo>,
) -> Result<Value, ApiError> {
    if let Some((k, c)) = form.iter().find_map(|(k, v)| crate::extract::strict::forbidden_char(v).map(|c| (k, c))) {
        return Err(ApiError::field(k, crate::extract::strict::control_message(c)));
    }
    let client = client_with(state, req_client, form.get("api_key").map(String::as_str), Scope::TipsCreate)?;
    let tip = tip_of(form)?;
    let filed = file(state, Channel::Client(client), tip, photo).map_err(|e| match e {
        ApiError::Validation(fields) => ApiError::Validation(
            fields.into_iter().map(|f| FieldError { field: spec_name(f.field), message: f.message }).collect(),
        ),
        other => other,
    })?;
    Ok(json!([{
        "token": filed.tip.tracking_code,
        "service_notice": "已受理，核实后转为隐患工单 (received; becomes a request once verified)",
        "account_id": Value::Null,
    }]))
}

/// Form fields GeoReport v2 defines for `POST requests` (a multipart form may hold only these).
const FIELDS: [&str; 15] = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
];

/// Largest form-encoded body and longest multipart text field, in bytes.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The essence of the request's content type, lower-cased (`""` when none was sent).
fn essence(req: &HttpRequest) -> String {
    let ct = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The fields of a form-encoded body; a body that is not UTF-8 is a 400.
fn form_fields(body: &[u8]) -> Result<HashMap<String, String>, ApiError> {
    std::str::from_utf8(body).map_err(|_| ApiError::BadRequest {
        code: "malformed_form",
        detail: "the form is not UTF-8 text".into(),
        fields: vec![],
    })?;
    Ok(form_urlencoded::parse(body).into_owned().collect())
}

/// A multipart form's fields and its `media` image (checked: a known image type within
/// the pixel limit), read within the photo size limit.
async fn multipart_fields(
    req: &HttpRequest,
    payload: Payload,
    state: &AppState,
) -> Result<(HashMap<String, String>, Option<Photo>), ApiError> {
    let shape =
        Shape { file: "media", max_file: state.settings.max_photo_bytes, texts: &FIELDS, max_text: MAX_FORM_BYTES };
    let mut form = multipart::read_shaped(Multipart::new(req.headers(), payload), &shape).await?;
    let photo = match form.file.take().filter(|f| !f.is_empty()) {
        None => None,
        Some(bytes) => {
            let refusal = "`media` is not a JPEG, PNG, WebP or HEIC image";
            let image = accept_image(&bytes, state.settings.limits.max_image_pixels, refusal)?;
            Some(Photo { bytes, image })
        }
    };
    Ok((form.into_texts(), photo))
}

/// The request's fields and photo, whichever of the two form encodings it came in.
async fn read_request(
    req: &HttpRequest,
    payload: Payload,
    state: &AppState,
) -> Result<(HashMap<String, String>, Option<Photo>), ApiError> {
    match essence(req).as_str() {
        "multipart/form-data" => multipart_fields(req, payload, state).await,
        "application/x-www-form-urlencoded" | "" => {
            let body = read_limited(req, payload, MAX_FORM_BYTES).await?;
            Ok((form_fields(&body)?, None))
        }
        other => Err(ApiError::UnsupportedMediaType(format!(
            "send the form as application/x-www-form-urlencoded or multipart/form-data, not {other}"
        ))),
    }
}

/// `POST /open311/v2/requests.{format}` (`api_key` with `tips:create`): files a public tip
/// and answers with a `token` (services are of type `batch`). The form comes form-encoded,
/// or as `multipart/form-data` with a photo under `media`; every error, a malformed body
/// included, is in the spec's error format.
#[utoipa::path(tag = "open311", params(("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml"), hazard_openapi::open311::Open311KeyQuery), security((), ("api_key" = [])), request_body(content((hazard_openapi::open311::Open311CreateRequest = "application/x-www-form-urlencoded"), (hazard_openapi::open311::Open311CreateRequestWithMedia = "multipart/form-data"))), responses((status = 201, description = "a token to follow the tip", content((Vec<hazard_openapi::open311::Open311Receipt> = "application/json"), (String = "text/xml"))), (status = 400, description = "a bad parameter or a malformed body"), (status = 403, description = "missing or invalid api_key"), (status = 409, description = "too many photos"), (status = 413, description = "the form or the photo is too large"), (status = 415, description = "neither form encoding, or `media` is not an image"), (status = 429, description = "the api_key's rate limit is spent")))]
#[post("/open311/v2/requests.{format}")]
pub async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
    payload: web::Payload,
) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let (mut fields, photo) = match read_request(&req, payload.into_inner(), &state).await {
        Ok(read) => read,
        Err(e) => return problem(f, &e),
    };
    // `api_key` may come in the query string too (the spec's examples put it there).
    if let Some(key) = query.get("api_key").filter(|k| !k.is_empty()) {
        fields.entry("api_key".into()).or_insert_with(|| key.clone());
    }
    let (st, header) = (state.clone(), header_client(&req));
    respond(f, 201, "service_requests", "request", blocking(move || file_request(&st, header, &fields, photo)).await)
}
