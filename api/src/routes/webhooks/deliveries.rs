//! `GET /v1/webhooks/{id}/deliveries`.

use crate::auth::Caller;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::webhooks;
use hazard_openapi::problem::Problem;
use hazard_openapi::webhooks::Delivery;

use super::*;

/// The latest deliveries of a webhook (status, attempts, last response or error).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id")),
    responses(
        (status = 200, body = Vec<Delivery>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let id = path_uuid(&id, "webhook")?.to_string();
    let st = state.clone();
    let rows = blocking(move || {
        let mut conn = st.conn()?;
        webhooks::get(&mut conn, &client.id, &id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))?;
        Ok(webhooks::deliveries(&mut conn, &id, 200)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(delivery_dto).collect::<Result<Vec<_>, _>>()?))
}
