//! JSON bodies built where the rows are, in one buffer sized up front.

use actix_web::http::header::ContentType;
use actix_web::HttpResponse;
use bytes::Bytes;
use serde::Serialize;

use crate::error::ApiError;

/// About what one hazard takes as JSON (a staff view of the demo data is 700–900 bytes):
/// enough that a page's buffer rarely grows and is never copied on the way.
pub const BYTES_PER_HAZARD: usize = 1024;

/// `value` as JSON in a buffer of `capacity` bytes to start with. Lists call it on the
/// blocking thread that read the rows, so the async worker only writes the bytes out, and
/// a page is serialized once into a buffer that does not regrow (regrowing and copying a
/// 40 KB page showed in the listing's profile).
pub fn to_json(value: &impl Serialize, capacity: usize) -> Result<Bytes, ApiError> {
    let mut buf = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut buf, value).map_err(ApiError::internal)?;
    Ok(Bytes::from(buf))
}

/// A 200 with a body [`to_json`] built.
pub fn ok_json(body: Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::json()).body(body)
}
