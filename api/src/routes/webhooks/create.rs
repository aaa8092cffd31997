//! `POST /v1/webhooks`.

use crate::auth::Caller;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::webhooks::ssrf;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::webhooks::{CreateWebhook, Webhook};

use super::*;
use crate::usecases::webhooks;

/// Registers a webhook. Targets on loopback, private, link-local or metadata addresses
/// are refused (unless the server is configured for local testing).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    request_body = CreateWebhook,
    responses(
        (status = 201, body = Webhook),
        (status = 403, description = "forbidden: the key lacks `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed (e.g. `url` refused)", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks")]
pub async fn create_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    body: ValidJson<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let b = body.0;
    webhooks::event_types(&b.event_types)?;
    let url = ssrf::check_url(&b.url, state.settings.webhook_allow_http).map_err(|e| ApiError::field("url", e))?;
    ssrf::check_target(&url, state.settings.webhook_allow_private, &state.settings.webhook_resolver)
        .await
        .map_err(|e| ApiError::field("url", e))?;
    let st = state.clone();
    let row = blocking(move || webhooks::register(&st, &client, url.as_str(), b)).await?;
    Ok(HttpResponse::Created().json(dto(row)?))
}
