//! `POST /v1/hazards/{id}/supervision/lift`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::hazard::{EventKind, Status};
use hazard_domain::supervision;
use hazard_infra::repo::supervisions;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{LiftSupervision, Supervision};

use super::bump;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::routes::hazards::load_visible;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;

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
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    let st = state.clone();
    let today = state.today();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        let mut row = supervisions::active_for(&mut conn, &id)?
            .ok_or_else(|| ApiError::NotFound("the hazard is not under listed supervision".into()))?;
        let status: Status = before.status.parse().map_err(ApiError::Internal)?;
        supervision::check_lift(&actor, status)?;
        let now = st.now_naive();
        row.status = "lifted".into();
        row.lifted_by = Some(actor.user_id.to_string());
        row.lifted_at = Some(now);
        row.lift_note = body.0.note.clone();
        let data = serde_json::json!({"supervision_id": row.id});
        let (after, event) = bump(&before, &actor, EventKind::SupervisionLifted, body.0.note, data, now);
        supervisions::save(&mut conn, &row, false, &before, &after, event)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the hazard changed meanwhile; retry"))?;
        supervision_dto(row, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
