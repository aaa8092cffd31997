//! The one bounded body reader: a body already buffered by the idempotency middleware is
//! used as it is (never copied), any other is read up to the route's limit and no further.

use actix_web::dev::Payload;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;

use crate::error::ApiError;

/// The body of `req`, at most `limit` bytes (413 above, without reading the rest).
pub async fn read_limited(req: &HttpRequest, mut payload: Payload, limit: usize) -> Result<Bytes, ApiError> {
    let buffered = req.extensions().get::<crate::idempotency::BufferedBody>().map(|b| b.0.clone());
    if let Some(bytes) = buffered {
        return if bytes.len() > limit { Err(ApiError::PayloadTooLarge(limit)) } else { Ok(bytes) };
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest {
            code: "bad_request",
            detail: format!("could not read the body: {e}"),
            fields: vec![],
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
