//! Request ids: taken from a sane incoming `X-Request-Id` or made here, echoed on the
//! response, and attached to the request's log line. The same middleware writes the
//! access log line (route template, status, latency, request id, and the caller's
//! account or client id when known; never a name) and counts the request in the metrics.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use tracing::Instrument;

use crate::auth::client::ClientCaller;
use crate::auth::ActorId;
use crate::state::AppState;

/// The header carrying the id.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, stored in its extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn incoming(req: &ServiceRequest) -> Option<String> {
    let v = req.headers().get(&HEADER)?.to_str().ok()?;
    (v.len() <= 64 && !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| v.to_owned())
}

/// Middleware: tags, logs and times every request (path only: queries may hold search text).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = incoming(&req).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, v);
    }
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
    let request = res.request();
    let route = request.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let actor_id = request.extensions().get::<ActorId>().map(|a| a.0.to_string());
    let client_id = request.extensions().get::<ClientCaller>().map(|c| c.0.id.clone());
    if let Some(state) = request.app_data::<web::Data<AppState>>() {
        state.metrics.observe(request.method().as_str(), &route, status, elapsed);
    }
    span.in_scope(|| {
        tracing::info!(
            route = %route,
            status,
            elapsed_ms,
            actor_id = actor_id.as_deref(),
            client_id = client_id.as_deref(),
            "handled"
        )
    });
    Ok(res)
}
