//! `POST /v1/hazards/{id}/supervision`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{ListSupervision, Supervision};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;
use crate::usecases::supervision::list;

/// Lists an open hazard for supervision (supervisors). One active listing per hazard.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body = ListSupervision,
    responses(
        (status = 201, body = Supervision),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: closed, or already listed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/supervision")]
pub async fn list_for_supervision(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<ListSupervision>,
) -> Result<HttpResponse, ApiError> {
    let row = on_record(&state, ("hazard", &id), move |st, id| list::list(st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Created().json(supervision_dto(row, state.today())?))
}
