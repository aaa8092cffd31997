//! Security headers on every response, whatever produced it (handlers, errors, the docs
//! page, the 404 fallback), and a `Retry-After` on every 503 so that clients back off.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web;

use crate::state::AppState;

/// The API answers JSON and images only: nothing may load, run or frame it.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
/// The bundled Swagger UI needs its own scripts, styles and inline bootstrap.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
                        img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
                        form-action 'none'";
const HSTS: &str = "max-age=31536000; includeSubDomains";

fn is_authenticated(req: &ServiceRequest) -> bool {
    let h = req.headers();
    h.contains_key(header::AUTHORIZATION)
        || h.contains_key(crate::auth::client::HEADER)
        || h.contains_key(crate::routes::tips::SECRET_HEADER)
}

/// The middleware.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let docs = req.path().starts_with("/docs");
    let authenticated = is_authenticated(&req);
    let (tls, retry_after) = req
        .app_data::<web::Data<AppState>>()
        .map_or((false, 5), |s| (s.settings.limits.served_over_tls, s.settings.limits.retry_after_secs));
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    let set = |h: &mut actix_web::http::header::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(h, header::CONTENT_SECURITY_POLICY, if docs { DOCS_CSP } else { API_CSP });
    }
    if tls {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if authenticated {
        // Nothing a caller proved who they are for may sit in a shared cache; a handler
        // may still choose private caching (immutable photos).
        let private = h
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("private") || v.contains("no-store"));
        if !private {
            set(h, header::CACHE_CONTROL, "no-store");
        }
    }
    if res.status() == StatusCode::SERVICE_UNAVAILABLE && !res.headers().contains_key(header::RETRY_AFTER) {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    }
    Ok(res)
}
