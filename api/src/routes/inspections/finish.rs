//! `POST /v1/inspections/{id}/finish`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::Role;
use hazard_infra::repo::inspections;
use hazard_openapi::inspections::{FinishInspection, Inspection};
use hazard_openapi::problem::Problem;

use super::load_visible;
use super::view::{inspection_dto, inspector_ids};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Finishes an inspection (its inspectors, its creator, or a supervisor). Finishing an
/// inspection that is already finished changes nothing and answers 200, so retries are safe.
#[utoipa::path(
    tag = "inspections",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "inspection id")),
    request_body = FinishInspection,
    responses(
        (status = 200, body = Inspection),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed: finished before it started", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/inspections/{id}/finish")]
pub async fn finish_inspection(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<FinishInspection>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "inspection")?.to_string();
    let actor = auth.0;
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let row = load_visible(&mut conn, &actor, &id)?;
        let me = actor.user_id.to_string();
        let involved = row.created_by == me || inspector_ids(&row)?.contains(&me) || actor.role == Role::Supervisor;
        if !involved {
            return Err(ApiError::Forbidden(
                "only the inspection's own inspectors or a supervisor may finish it".into(),
            ));
        }
        if row.finished_at.is_none() {
            let at = body.0.finished_at.map_or_else(|| st.now_naive(), |t| t.naive_utc());
            if at < row.started_at {
                return Err(ApiError::field("finished_at", "must not be before started_at"));
            }
            inspections::finish(&mut conn, &id, at)?;
        }
        let row = inspections::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such inspection".into()))?;
        inspection_dto(&mut conn, row)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
