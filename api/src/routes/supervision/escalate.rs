//! `POST /v1/hazards/{id}/supervision/escalate`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{EscalateSupervision, Supervision};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;
use crate::usecases::supervision::escalate;

/// Raises the active listing to a higher level (提级), with a reason.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body = EscalateSupervision,
    responses(
        (status = 200, body = Supervision),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found: no such hazard, or not listed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed: the level is not higher", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/supervision/escalate")]
pub async fn escalate_supervision(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<EscalateSupervision>,
) -> Result<HttpResponse, ApiError> {
    let row = on_record(&state, ("hazard", &id), move |st, id| escalate::escalate(st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Ok().json(supervision_dto(row, state.today())?))
}
