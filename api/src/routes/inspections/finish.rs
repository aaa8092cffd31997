//! `POST /v1/inspections/{id}/finish`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::inspections::{FinishInspection, Inspection};
use hazard_openapi::problem::Problem;

use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::state::AppState;
use crate::usecases::inspections::finish;

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
    let change = move |st: &AppState, id: &str| {
        let row = finish(st, &auth.0, id, body.0.finished_at.map(|t| t.naive_utc()))?;
        inspection_dto(&mut *st.conn()?, row)
    };
    Ok(HttpResponse::Ok().json(on_record(&state, ("inspection", &id), change).await?))
}
