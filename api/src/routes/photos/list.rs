//! `GET /v1/hazards/{id}/photos`.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::photos;
use hazard_openapi::photos::Photo;
use hazard_openapi::problem::Problem;

use super::view::photo_dto;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::of_hazard;
use crate::state::AppState;

/// A hazard's photos, oldest first.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    responses(
        (status = 200, body = Vec<Photo>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards/{id}/photos")]
pub async fn list_photos(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    of_hazard(&state, auth.0, &id, photos::for_hazard, photo_dto).await
}
