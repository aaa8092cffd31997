//! `POST /v1/criteria`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::reference::Entry;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::reference::Criterion;

/// Adds a criterion (administrators); its sector must exist.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = Criterion,
    responses(
        (status = 201, body = Criterion),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/criteria")]
pub async fn add_criterion(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<Criterion>,
) -> Result<HttpResponse, ApiError> {
    super::added(&state, auth, Entry::Criterion(body.0.clone()), body.0).await
}
