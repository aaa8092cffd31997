//! A JSON body extractor: size-limited, `application/json` only, unknown fields refused,
//! type errors reported with the path of the offending field, then `validator` rules.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use validator::Validate;

use super::strict::Strict;
use crate::error::ApiError;
use crate::state::AppState;

/// A parsed and validated JSON body.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

const DEFAULT_LIMIT: usize = 256 * 1024;

fn field_problem(path: &str, message: String) -> ApiError {
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    let field = match field_of(path, &message) {
        f if f.is_empty() => "body".to_owned(),
        f => f,
    };
    ApiError::Validation(vec![hazard_domain::FieldError::new(field, message)])
}

/// Parses bytes as `T`, naming the field on failure: bytes that are not JSON are 400
/// `malformed_json`; JSON of the wrong shape (see [`Strict`]) is 422 naming the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|inner| ApiError::BadRequest {
        code: "malformed_json",
        detail: format!("the body is not valid JSON: {inner}"),
        fields: vec![],
    })?;
    strict(value)
}

fn strict<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(Strict(value)).map_err(|e| {
        let path = e.path().to_string();
        field_problem(&path, e.into_inner().to_string())
    })
}

/// Parses an already-read JSON value as `T` and applies its rules, naming the field on
/// failure.
pub fn parse_value<T: DeserializeOwned + Validate>(value: serde_json::Value) -> Result<T, ApiError> {
    let parsed: T = strict(value)?;
    parsed.validate()?;
    Ok(parsed)
}

/// Any JSON body, for endpoints that dispatch on its content before parsing it fully.
#[derive(Debug, serde::Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub serde_json::Value);

impl Validate for RawJson {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

/// The field a serde error is about: its path, or for missing and unknown fields the
/// field it names inside that path.
pub(crate) fn field_of(path: &str, message: &str) -> String {
    let base = if path == "." { "" } else { path };
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    match named {
        Some(name) if base.is_empty() => name.to_owned(),
        Some(name) if !base.ends_with(name) => format!("{base}.{name}"),
        _ => base.to_owned(),
    }
}

impl<T> FromRequest for ValidJson<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<web::Data<AppState>>().map_or(DEFAULT_LIMIT, |s| s.settings.max_json_bytes);
        let content_type = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let is_json = content_type.is_some_and(|ct| {
            let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        });
        let payload = payload.take();
        let req = req.clone();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType("send the body as application/json".into()));
            }
            let body = super::body::read_limited(&req, payload, limit).await?;
            let value: T = parse_json(&body)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}
