//! `Idempotency-Key` for authenticated POSTs: the first completed response to a key is
//! stored and replayed to retries of the same request, so a phone that lost the answer
//! can safely send again. Keys are scoped to the caller (account or third-party client).
//!
//! What this costs the server is bounded: anonymous callers, unknown routes and
//! `/v1/auth/*` pass straight through (nothing is read or stored for them; a replayed
//! refresh must reach the handler so that token reuse is detected); a body is read only
//! up to its route's own limit and only after the caller is known; it is read once and
//! handed on without a copy; one caller holds a bounded number of live keys; and an
//! unfinished key is held for a lease, so a request that died with its process never
//! pins its key.
//!
//! The request's writes and its stored response commit in one transaction (the request's
//! unit of work, [`ticket`]): a retry after a crash finds either the committed effect
//! with its response (and gets the response) or neither (and runs the request again).

pub mod crash;
mod fingerprint;
mod request_body;
pub mod ticket;

use actix_web::body::{self, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use chrono::Duration;
use chrono::NaiveDateTime;
use hazard_infra::repo::idempotency::{self, Claim, Held, Response, Terms};

use crate::error::ApiError;
use crate::state::AppState;
pub use fingerprint::fingerprint;
pub use request_body::BufferedBody;
use request_body::{hand_on, read_body, route_limit};
use ticket::{Finished, Owner, Ticket};

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

/// The authenticated caller, or `None` for anonymous callers and bad tokens (their
/// requests get no idempotency record: the handler answers them as usual).
fn scope_of(req: &ServiceRequest, state: &AppState) -> Option<String> {
    if let Some(c) = req.extensions().get::<crate::auth::client::ClientCaller>() {
        return Some(format!("client:{}", c.0.id));
    }
    let token = crate::auth::bearer::token(req.headers()).ok()?;
    state.jwt.verify(token).ok().map(|actor| format!("user:{}", actor.user_id))
}

fn respond<B>(req: ServiceRequest, res: HttpResponse) -> ServiceResponse<EitherBody<B>> {
    req.into_response(res).map_into_right_body()
}

/// Whether a response is the outcome of the request (stored and replayed) rather than
/// an answer about the caller or the server that a retry may get differently.
fn worth_storing(status: StatusCode) -> bool {
    !(status.is_server_error() || matches!(status.as_u16(), 401 | 403 | 404 | 405 | 408 | 413 | 429))
}

/// The middleware. Requests without the header, non-POST requests, anonymous callers,
/// unknown routes and `/v1/auth/*` pass straight through.
pub async fn middleware<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if req.method() != Method::POST || !req.headers().contains_key(&HEADER) || req.path().starts_with("/v1/auth/") {
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
    let Some(pattern) = req.resource_map().match_pattern(req.path()) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let Some(scope) = scope_of(&req, &state) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let bytes = match read_body(&mut req, route_limit(&pattern, &state)).await {
        Ok(b) => b,
        Err(res) => return Ok(respond(req, res)),
    };
    let full_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let fingerprint = fingerprint(req.method().as_str(), &req.uri().to_string(), full_type, &bytes);

    let st = state.clone();
    let (s, k) = (scope.clone(), key.clone());
    let now = state.now_naive();
    let limits = &state.settings.limits;
    let terms = Terms {
        now,
        expires_at: now + Duration::hours(state.settings.idempotency_ttl_hours),
        lease_until: now + Duration::seconds(limits.idempotency_lease_secs.max(1)),
        max_per_scope: limits.idempotency_max_keys_per_caller,
    };
    let claim = web::block(move || -> Result<Claim, ApiError> {
        Ok(idempotency::claim(&mut *st.conn()?, &s, &k, &fingerprint, terms)?)
    })
    .await
    .map_err(ApiError::from)
    .and_then(|r| r);
    match claim {
        Err(e) => return Ok(respond(req, e.error_response())),
        Ok(Claim::Mismatch) => return Ok(respond(req, ApiError::IdempotencyKeyReused.error_response())),
        Ok(Claim::OverQuota) => return Ok(respond(req, ApiError::RateLimited(60).error_response())),
        Ok(Claim::InProgress(left)) => return Ok(respond(req, in_progress(left.num_seconds()))),
        Ok(Claim::Done(status, headers, body)) => return Ok(respond(req, replay(status, &headers, body))),
        Ok(Claim::Owned) => {}
    }
    hand_on(&mut req, bytes);
    // Run the request and store its answer on a task of its own: a client that hangs up
    // mid-request must not leave a committed effect without its stored response.
    let task =
        actix_web::rt::spawn(run_and_store(req, next, state, Key { scope, key, lease_until: terms.lease_until }));
    match task.await {
        Ok(result) => result,
        Err(_) => Err(ApiError::Internal("the request task failed".into()).into()),
    }
}

/// 409 `idempotency_in_progress`, retry in `secs`.
fn in_progress(secs: i64) -> HttpResponse {
    let e = ApiError::Conflict {
        code: "idempotency_in_progress",
        detail: "a request with this Idempotency-Key is still being processed; retry shortly".into(),
    };
    let mut res = e.error_response();
    if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
        res.headers_mut().insert(RETRY_AFTER, v);
    }
    res
}

/// A key this request claimed.
#[derive(Clone)]
struct Key {
    scope: String,
    key: String,
    /// The lease of the claim: proof of ownership when the response is stored.
    lease_until: NaiveDateTime,
}

async fn run_and_store<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
    state: web::Data<AppState>,
    owned: Key,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let unit = Ticket::default();
    let res = match unit.clone().scope(next.call(req)).await {
        Ok(r) => r,
        Err(e) => {
            abandon(&state, unit, owned).await;
            return Err(e);
        }
    };
    let status = res.status();
    let (http_req, http_res) = res.into_parts();
    let (head, body_stream) = http_res.into_parts();
    let Ok(body_bytes) = body::to_bytes(body_stream).await else {
        abandon(&state, unit, owned).await;
        let e = ApiError::internal("response body could not be read").error_response();
        return Ok(ServiceResponse::new(http_req, e).map_into_right_body());
    };
    crash::point(crash::AFTER_COMMIT, &owned.key);
    if !worth_storing(status) {
        // Worth retrying, or not about this request: undo its writes, free the key.
        abandon(&state, unit, owned).await;
    } else {
        let kept: serde_json::Map<String, serde_json::Value> = KEPT
            .iter()
            .filter_map(|h| head.headers().get(*h).and_then(|v| v.to_str().ok()).map(|v| ((*h).to_owned(), v.into())))
            .collect();
        let headers = serde_json::Value::Object(kept).to_string();
        let (st, stored, k) = (state.clone(), body_bytes.clone(), owned.clone());
        let code = i32::from(status.as_u16());
        let finished = web::block(move || -> Result<Finished, ApiError> {
            let response = Response { status: code, headers: &headers, body: &stored };
            let held = Held { scope: &k.scope, key: &k.key, lease_until: k.lease_until };
            let finished = unit.finish(Some(Owner { held, response }))?;
            if finished == Finished::Untouched {
                // Nothing written through the unit: the response is all there is to keep.
                idempotency::complete(&mut *st.conn()?, held, response)?;
            }
            Ok(finished)
        })
        .await
        .map_err(ApiError::from)
        .and_then(|r| r);
        match finished {
            Ok(Finished::Committed | Finished::Untouched) => crash::point(crash::AFTER_STORE, &owned.key),
            Ok(Finished::Spoiled) => {
                release(&state, owned).await;
                let e = ApiError::internal("a write of this keyed request failed inside its transaction; undone");
                return Ok(ServiceResponse::new(http_req, e.error_response()).map_into_right_body());
            }
            Ok(Finished::LostKey | Finished::RolledBack) => {
                // It outlived its lease and a retry owns the key now: its writes are
                // undone, and the retry's answer is the one that counts.
                tracing::warn!("a keyed request outlived its lease; its writes were rolled back");
                return Ok(ServiceResponse::new(http_req, in_progress(1)).map_into_right_body());
            }
            Err(e) => {
                // Nothing of this request committed: a retry may run it again.
                release(&state, owned).await;
                return Ok(ServiceResponse::new(http_req, e.error_response()).map_into_right_body());
            }
        }
    }
    let rebuilt = head.set_body(BoxBody::new(body_bytes));
    Ok(ServiceResponse::new(http_req, rebuilt).map_into_right_body())
}

/// Rolls a request's unit back and gives its key up, so a retry runs it again.
async fn abandon(state: &web::Data<AppState>, unit: Ticket, owned: Key) {
    let st = state.clone();
    let _ = web::block(move || -> Result<(), ApiError> {
        let undone = unit.finish(None);
        idempotency::release(&mut *st.conn()?, &owned.scope, &owned.key, owned.lease_until)?;
        undone.map(|_| ()).map_err(ApiError::from)
    })
    .await;
}

async fn release(state: &web::Data<AppState>, owned: Key) {
    let st = state.clone();
    let _ = web::block(move || -> Result<(), ApiError> {
        Ok(idempotency::release(&mut *st.conn()?, &owned.scope, &owned.key, owned.lease_until)?)
    })
    .await;
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
