//! `POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver`.

use crate::auth::Caller;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;

use super::*;
use crate::usecases::webhooks;

/// Sends a delivery again (it goes back in the queue, due now).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id"), ("delivery_id" = uuid::Uuid, Path, description = "delivery id")),
    responses(
        (status = 202, description = "queued"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let (id, delivery) = path.into_inner();
    let id = path_uuid(&id, "webhook")?.to_string();
    let delivery = path_uuid(&delivery, "delivery")?.to_string();
    let st = state.clone();
    blocking(move || webhooks::redeliver(&st, &client, &id, &delivery)).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"queued": true})))
}
