//! `PATCH /v1/webhooks/{id}`.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::state::AppState;
use actix_web::{patch, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::webhooks::{UpdateWebhook, Webhook};

use super::*;
use crate::usecases::webhooks;

/// Enables or disables a webhook.
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id")),
    request_body = UpdateWebhook,
    responses(
        (status = 200, body = Webhook),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/webhooks/{id}")]
pub async fn update_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let row =
        on_record(&state, ("webhook", &id), move |st, id| webhooks::set_active(st, &client, id, body.0.active)).await?;
    Ok(HttpResponse::Ok().json(dto(row)?))
}
