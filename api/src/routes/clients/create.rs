//! `POST /v1/clients`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::clients::{ApiClientWithKey, CreateApiClient};
use hazard_openapi::problem::Problem;

use super::*;
use crate::usecases::clients;

/// Registers a client; its API key is in this response only.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    request_body = CreateApiClient,
    responses(
        (status = 201, body = ApiClientWithKey),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/clients")]
pub async fn create_client(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateApiClient>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let made = blocking(move || clients::create(&st, &auth.0, body.0)).await?;
    let out = ApiClientWithKey { client: dto(made.client)?, api_key: made.key };
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(out))
}
