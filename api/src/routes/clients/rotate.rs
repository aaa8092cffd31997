//! `POST /v1/clients/{id}/rotate`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::on_record;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::clients::ApiClientWithKey;
use hazard_openapi::problem::Problem;

use super::*;
use crate::usecases::clients;

/// Issues a new key. The old one keeps working for 24 hours, then stops.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses(
        (status = 200, body = ApiClientWithKey),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/clients/{id}/rotate")]
pub async fn rotate_client_key(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let made = on_record(&state, ("client", &id), move |st, id| clients::rotate(st, &auth.0, id)).await?;
    let out = ApiClientWithKey { client: dto(made.client)?, api_key: made.key };
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(out))
}
