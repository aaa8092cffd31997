//! `PATCH /v1/clients/{id}`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::state::AppState;
use actix_web::{patch, web, HttpResponse};
use hazard_openapi::clients::{ApiClient, UpdateApiClient};
use hazard_openapi::problem::Problem;

use super::*;
use crate::usecases::clients;

/// Changes scopes, limits, street or activity; `active: false` revokes every key at once.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "client id")),
    request_body = UpdateApiClient,
    responses(
        (status = 200, body = ApiClient),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/clients/{id}")]
pub async fn update_client(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateApiClient>,
) -> Result<HttpResponse, ApiError> {
    let row = on_record(&state, ("client", &id), move |st, id| clients::update(st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Ok().json(dto(row)?))
}
