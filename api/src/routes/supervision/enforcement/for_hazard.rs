//! `GET /v1/hazards/{id}/enforcement-actions`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::of_hazard;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::enforcement;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::EnforcementAction;

use super::*;

/// Enforcement actions on a hazard.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    responses(
        (status = 200, body = Vec<EnforcementAction>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards/{id}/enforcement-actions")]
pub async fn list_hazard_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    of_hazard(&state, auth.0, &id, enforcement::for_hazard, dto).await
}
