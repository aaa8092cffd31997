//! `GET /v1/webhooks/{id}/deliveries`.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::answer::of_record;
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
    let read = move |st: &AppState, id: &str| {
        let mut conn = st.conn()?;
        webhooks::get(&mut conn, &client.id, id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))?;
        Ok(webhooks::deliveries(&mut conn, id, 200)?)
    };
    of_record(&state, ("webhook", &id), read, delivery_dto).await
}
