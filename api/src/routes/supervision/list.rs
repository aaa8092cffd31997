//! `POST /v1/hazards/{id}/supervision`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::hazard::{EventKind, Status};
use hazard_domain::supervision::{self, Level};
use hazard_infra::models::SupervisionRow;
use hazard_infra::repo::{reference, supervisions};
use hazard_infra::InfraError;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{ListSupervision, Supervision};
use uuid::Uuid;

use super::bump;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::routes::hazards::load_visible;
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;

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
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    let b = body.0;
    let st = state.clone();
    let today = state.today();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        let status: Status = before.status.parse().map_err(ApiError::Internal)?;
        let active = supervisions::active_for(&mut conn, &id)?;
        supervision::check_list(&actor, status, active.is_some())?;
        if b.deadline < today {
            return Err(ApiError::field("deadline", format!("must not be before today ({today})")));
        }
        if !reference::department_exists(&mut conn, &b.department_code)? {
            return Err(ApiError::field("department_code", format!("unknown department `{}`", b.department_code)));
        }
        let now = st.now_naive();
        let level = Level::from(b.level);
        let row = SupervisionRow {
            id: Uuid::now_v7().to_string(),
            hazard_id: id.clone(),
            level: level.as_str().into(),
            department_code: b.department_code,
            document_number: b.document_number,
            deadline: b.deadline,
            reason: b.reason.clone(),
            status: "active".into(),
            listed_by: actor.user_id.to_string(),
            listed_at: now,
            lifted_by: None,
            lifted_at: None,
            lift_note: None,
            overdue_recorded_for: None,
            reminded_for: None,
        };
        let data = serde_json::json!({"supervision_id": row.id, "level": level, "document_number": row.document_number,
                                      "deadline": row.deadline, "department_code": row.department_code});
        let (after, event) = bump(&before, &actor, EventKind::SupervisionListed, Some(b.reason), data, now);
        match supervisions::save(&mut conn, &row, true, &before, &after, event) {
            Ok(()) => supervision_dto(row, today),
            Err(InfraError::Conflict(_)) => Err(ApiError::Conflict {
                code: "invalid_transition",
                detail: "the hazard is already under listed supervision, or changed meanwhile".into(),
            }),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    Ok(HttpResponse::Created().json(dto))
}
