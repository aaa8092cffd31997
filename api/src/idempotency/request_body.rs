//! The body of a keyed request: read once, up to its route's limit, and handed on to
//! the handler without a copy.

use actix_web::dev::{Payload, ServiceRequest};
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpResponse, ResponseError};
use futures_util::StreamExt;

use crate::error::ApiError;
use crate::state::AppState;

/// Room for multipart framing and text fields around a photo.
const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// Slices the buffered body is handed on in, so a streaming reader (multipart) never
/// needs a second buffer of the whole body.
const SLICE: usize = 64 * 1024;

/// The body the middleware has already read, shared (not copied) with the JSON extractor.
#[derive(Debug, Clone)]
pub struct BufferedBody(pub Bytes);

/// The largest body the route behind `pattern` accepts.
pub(super) fn route_limit(pattern: &str, state: &AppState) -> usize {
    if pattern.ends_with("/photos") {
        state.settings.max_photo_bytes + MULTIPART_OVERHEAD
    } else {
        state.settings.max_json_bytes
    }
}

/// Reads the body up to `limit`; `Err` is the response to send instead.
pub(super) async fn read_body(req: &mut ServiceRequest, limit: usize) -> Result<Bytes, HttpResponse> {
    let declared = req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge(limit).error_response());
    }
    let mut payload = req.take_payload();
    let mut bytes = web::BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            let e =
                ApiError::BadRequest { code: "bad_request", detail: "could not read the body".into(), fields: vec![] };
            return Err(e.error_response());
        };
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(limit).error_response());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}

/// Hands `bytes` on as the request body, in zero-copy slices.
pub(super) fn hand_on(req: &mut ServiceRequest, bytes: Bytes) {
    let slices: Vec<Result<Bytes, actix_web::error::PayloadError>> =
        (0..bytes.len()).step_by(SLICE).map(|i| Ok(bytes.slice(i..(i + SLICE).min(bytes.len())))).collect();
    req.extensions_mut().insert(BufferedBody(bytes));
    let stream: std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>> = Box::pin(futures_util::stream::iter(slices));
    req.set_payload(Payload::from(stream));
}
