//! `POST /v1/hazards/{id}/supervision/escalate`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::hazard::EventKind;
use hazard_domain::supervision::{self, Level};
use hazard_infra::repo::supervisions;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{EscalateSupervision, Supervision};

use super::bump;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::routes::hazards::load_visible;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;

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
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    let b = body.0;
    let st = state.clone();
    let today = state.today();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        let mut row = supervisions::active_for(&mut conn, &id)?
            .ok_or_else(|| ApiError::NotFound("the hazard is not under listed supervision".into()))?;
        let current: Level = row.level.parse().map_err(ApiError::Internal)?;
        let to = Level::from(b.level);
        supervision::check_escalate(&actor, current, to)?;
        row.level = to.as_str().into();
        let now = st.now_naive();
        let data = serde_json::json!({"supervision_id": row.id, "from_level": current, "level": to});
        let (after, event) = bump(&before, &actor, EventKind::SupervisionEscalated, Some(b.reason), data, now);
        supervisions::save(&mut conn, &row, false, &before, &after, event)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the hazard changed meanwhile; retry"))?;
        supervision_dto(row, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
