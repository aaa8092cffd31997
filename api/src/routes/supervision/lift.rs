//! `POST /v1/hazards/{id}/supervision/lift`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{LiftSupervision, Supervision};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;
use crate::usecases::supervision::lift;

/// Lifts the listing (摘牌), only once the hazard is closed.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body = LiftSupervision,
    responses(
        (status = 200, body = Supervision),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found: no such hazard, or not listed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: the hazard is not closed yet", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/supervision/lift")]
pub async fn lift_supervision(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<LiftSupervision>,
) -> Result<HttpResponse, ApiError> {
    let row = on_record(&state, ("hazard", &id), move |st, id| lift::lift(st, &auth.0, id, body.0)).await?;
    Ok(HttpResponse::Ok().json(supervision_dto(row, state.today())?))
}
