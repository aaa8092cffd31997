//! `/v1/hazards`: filing, reading, the timeline and lifecycle transitions.

pub mod create;
pub mod events;
pub mod get;
pub mod list;
pub mod transition;
pub mod update;
pub mod view;

use actix_web::http::header::{self, HeaderMap};
use actix_web::HttpResponse;

/// The `If-Match` header as the use cases take it (an unreadable value matches nothing).
pub fn if_match(headers: &HeaderMap) -> Option<String> {
    headers.get(header::IF_MATCH).map(|v| v.to_str().unwrap_or("").to_owned())
}

/// A hazard response with its `ETag`.
pub fn with_etag(mut res: actix_web::HttpResponseBuilder, tag: String, dto: impl serde::Serialize) -> HttpResponse {
    res.insert_header((header::ETAG, tag)).json(dto)
}
