//! `GET /v1/hazards/{id}/events`.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::hazards;
use hazard_openapi::hazards::HazardEvent;
use hazard_openapi::problem::Problem;

use super::view::event_dto;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::of_hazard;
use crate::state::AppState;

/// The hazard's timeline, oldest first: who did what, when, from which status to which.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    responses(
        (status = 200, body = Vec<HazardEvent>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards/{id}/events")]
pub async fn list_events(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    of_hazard(&state, auth.0, &id, hazards::events, |(e, name)| event_dto(e, name)).await
}
