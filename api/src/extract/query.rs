//! A query-string extractor that names the offending parameter and applies `validator`.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use hazard_domain::FieldError;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::{validation_fields, ApiError};

/// Parsed and validated query parameters.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

fn parse<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let message = e.into_inner().to_string();
        ApiError::BadRequest {
            code: "validation_failed",
            detail: "invalid query parameter".into(),
            fields: vec![FieldError::new(super::json::field_of(&field, &message), message)],
        }
    })?;
    value.validate().map_err(|e| ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: validation_fields("", &e),
    })?;
    Ok(value)
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

impl<T> FromRequest for ValidQuery<T>
where
    T: DeserializeOwned + Validate,
{
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(ValidQuery))
    }
}
