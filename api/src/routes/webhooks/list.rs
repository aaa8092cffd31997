//! `GET /v1/webhooks`.

use crate::auth::Caller;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::webhooks;
use hazard_openapi::problem::Problem;
use hazard_openapi::webhooks::Webhook;

use super::*;

/// The client's webhooks.
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    responses(
        (status = 200, body = Vec<Webhook>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks")]
pub async fn list_webhooks(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let st = state.clone();
    let rows = blocking(move || Ok(webhooks::for_client(&mut *st.conn()?, &client.id)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}
