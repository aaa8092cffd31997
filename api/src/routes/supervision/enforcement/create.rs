//! `POST /v1/hazards/{id}/enforcement-actions`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::state::AppState;
use crate::usecases::enforcement::record;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{CreateEnforcement, EnforcementAction};

use super::*;

/// Records an enforcement action on a hazard and its enterprise (supervisors).
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body = CreateEnforcement,
    responses(
        (status = 201, body = EnforcementAction),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/enforcement-actions")]
pub async fn create_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<CreateEnforcement>,
) -> Result<HttpResponse, ApiError> {
    let row = on_record(&state, ("hazard", &id), move |st, id| record(st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Created().json(dto(row)?))
}
