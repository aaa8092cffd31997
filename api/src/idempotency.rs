//! `Idempotency-Key` for every POST: the first completed response to a key is stored and
//! replayed to retries of the same request, so a phone that lost the answer can safely
//! send again. Keys are scoped to the caller (account, or client address when anonymous).

use actix_web::body::{self, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use chrono::Duration;
use futures_util::StreamExt;
use hazard_infra::repo::idempotency::{self, Claim};
use hazard_infra::secrets::sha256_hex;

use crate::error::ApiError;
use crate::state::AppState;

/// The request header.
pub const HEADER: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on replayed responses.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");

/// Response headers worth replaying.
const KEPT: [&str; 4] = ["content-type", "location", "etag", "cache-control"];

fn key_of(req: &ServiceRequest) -> Result<Option<String>, ApiError> {
    let Some(v) = req.headers().get(&HEADER) else { return Ok(None) };
    let key = v.to_str().map_err(|_| bad_key())?;
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(bad_key());
    }
    Ok(Some(key.to_owned()))
}

fn bad_key() -> ApiError {
    ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid Idempotency-Key".into(),
        fields: vec![hazard_domain::FieldError::new("Idempotency-Key", "1 to 255 visible ASCII characters")],
    }
}

fn scope_of(req: &ServiceRequest, state: &AppState) -> String {
    let bearer = crate::auth::bearer::token(req.headers()).ok().and_then(|t| state.jwt.verify(t).ok());
    if let Some(c) = req.extensions().get::<crate::auth::client::ClientCaller>() {
        return format!("client:{}", c.0.id);
    }
    match bearer {
        Some(actor) => format!("user:{}", actor.user_id),
        None => format!("anon:{}", req.peer_addr().map_or_else(|| "unknown".into(), |a| a.ip().to_string())),
    }
}

fn respond<B>(req: ServiceRequest, res: HttpResponse) -> ServiceResponse<EitherBody<B>> {
    req.into_response(res).map_into_right_body()
}

/// The middleware. Requests without the header, and non-POST requests, pass straight through.
pub async fn middleware<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if req.method() != Method::POST || !req.headers().contains_key(&HEADER) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let key = match key_of(&req) {
        Ok(Some(k)) => k,
        Ok(None) => return Ok(next.call(req).await?.map_into_left_body()),
        Err(e) => return Ok(respond(req, e.error_response())),
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    // Read the body once to fingerprint it, then hand it on unchanged.
    let limit = state.settings.max_photo_bytes.max(state.settings.max_json_bytes) + 64 * 1024;
    let mut payload = req.take_payload();
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return Ok(respond(
                req,
                ApiError::BadRequest { code: "bad_request", detail: "could not read the body".into(), fields: vec![] }
                    .error_response(),
            ));
        };
        if bytes.len() + chunk.len() > limit {
            return Ok(respond(req, ApiError::PayloadTooLarge(limit).error_response()));
        }
        bytes.extend_from_slice(&chunk);
    }
    let bytes = bytes.freeze();
    let full_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let content_type = full_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let mut material = format!("{} {} {}\n", req.method(), req.uri(), content_type).into_bytes();
    material.extend_from_slice(&normalised_body(&full_type, &content_type, &bytes));
    let fingerprint = sha256_hex(&material);
    let scope = scope_of(&req, &state);

    let st = state.clone();
    let (s, k, f) = (scope.clone(), key.clone(), fingerprint);
    let claim = web::block(move || -> Result<Claim, ApiError> {
        let now = st.now_naive();
        let expires = now + Duration::hours(st.settings.idempotency_ttl_hours);
        Ok(idempotency::claim(&mut *st.conn()?, &s, &k, &f, now, expires)?)
    })
    .await
    .map_err(ApiError::from)
    .and_then(|r| r);
    match claim {
        Err(e) => return Ok(respond(req, e.error_response())),
        Ok(Claim::Mismatch) => return Ok(respond(req, ApiError::IdempotencyKeyReused.error_response())),
        Ok(Claim::InProgress) => {
            let e = ApiError::Conflict {
                code: "idempotency_in_progress",
                detail: "a request with this Idempotency-Key is still being processed; retry shortly".into(),
            };
            return Ok(respond(req, e.error_response()));
        }
        Ok(Claim::Done(status, headers, body)) => return Ok(respond(req, replay(status, &headers, body))),
        Ok(Claim::Owned) => {}
    }

    req.set_payload(Payload::from(bytes));
    let res = next.call(req).await;
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            release(&state, scope, key).await;
            return Err(e);
        }
    };
    let status = res.status();
    let (http_req, http_res) = res.into_parts();
    let (head, body_stream) = http_res.into_parts();
    let body_bytes = match body::to_bytes(body_stream).await {
        Ok(b) => b,
        Err(_) => {
            release(&state, scope, key).await;
            let e = ApiError::internal("response body could not be read").error_response();
            return Ok(ServiceResponse::new(http_req, e).map_into_right_body());
        }
    };
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        // Worth retrying: do not pin the failure to the key.
        release(&state, scope, key).await;
    } else {
        let kept: serde_json::Map<String, serde_json::Value> = KEPT
            .iter()
            .filter_map(|h| head.headers().get(*h).and_then(|v| v.to_str().ok()).map(|v| ((*h).to_owned(), v.into())))
            .collect();
        let headers = serde_json::Value::Object(kept).to_string();
        let (st, stored) = (state.clone(), body_bytes.to_vec());
        let code = i32::from(status.as_u16());
        let saved = web::block(move || -> Result<(), ApiError> {
            Ok(idempotency::complete(&mut *st.conn()?, &scope, &key, code, &headers, &stored)?)
        })
        .await;
        if !matches!(saved, Ok(Ok(()))) {
            tracing::warn!("could not store an idempotent response");
        }
    }
    let rebuilt = head.set_body(BoxBody::new(body_bytes));
    Ok(ServiceResponse::new(http_req, rebuilt).map_into_right_body())
}

/// What identifies a body across retries. JSON bodies count by their value, so a retry
/// that re-serialises the same object with other spacing or key order still matches;
/// multipart bodies count without their boundary, which clients pick anew per attempt.
fn normalised_body(full_type: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    if content_type == "application/json" {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
            return serde_json::to_vec(&canonical(v)).unwrap_or_else(|_| bytes.to_vec());
        }
    }
    if content_type == "multipart/form-data" {
        let boundary = full_type
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"'))
            .find(|b| !b.is_empty());
        if let Some(b) = boundary {
            return replace_all(bytes, b.as_bytes(), b"BOUNDARY");
        }
    }
    bytes.to_vec()
}

fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn canonical(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

async fn release(state: &web::Data<AppState>, scope: String, key: String) {
    let st = state.clone();
    let _ =
        web::block(move || -> Result<(), ApiError> { Ok(idempotency::release(&mut *st.conn()?, &scope, &key)?) }).await;
}

fn replay(status: i32, headers: &str, body: Vec<u8>) -> HttpResponse {
    let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(headers) {
        for (name, value) in map {
            if let (Ok(n), Some(v)) =
                (HeaderName::try_from(name.as_str()), value.as_str().and_then(|v| HeaderValue::from_str(v).ok()))
            {
                res.insert_header((n, v));
            }
        }
    }
    res.insert_header((REPLAYED, HeaderValue::from_static("true")));
    res.body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_normalise_across_retries() {
        let a = normalised_body("application/json", "application/json", br#"{"b":1, "a":[{"y":2,"x":1}]}"#);
        let b = normalised_body("application/json", "application/json", br#"{"a":[{"x":1,"y":2}],"b":1}"#);
        assert_eq!(a, b);
        let m1 = normalised_body("multipart/form-data; boundary=abc", "multipart/form-data", b"--abc\r\nX\r\n--abc--");
        let m2 =
            normalised_body("multipart/form-data; boundary=\"zz9\"", "multipart/form-data", b"--zz9\r\nX\r\n--zz9--");
        assert_eq!(m1, m2);
        let m3 = normalised_body("multipart/form-data; boundary=abc", "multipart/form-data", b"--abc\r\nY\r\n--abc--");
        assert_ne!(m1, m3);
    }
}
