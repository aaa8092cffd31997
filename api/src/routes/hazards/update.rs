//! `PATCH /v1/hazards/{id}`.

use actix_web::{patch, web, HttpRequest, HttpResponse};
use hazard_openapi::hazards::{Hazard, UpdateHazard};
use hazard_openapi::problem::Problem;

use super::view::hazard_full;
use super::{if_match, with_etag};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::hazards::edit::edit;
use crate::usecases::hazards::etag;

/// Edits the descriptive fields of an open hazard. `If-Match` is required (428 without
/// it, 412 with a stale one), so a phone that was offline never overwrites newer work.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "hazard id"),
        ("If-Match" = String, Header, description = "the ETag the edit is based on")
    ),
    request_body = UpdateHazard,
    responses(
        (status = 200, body = Hazard, headers(("ETag" = String))),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: closed or invalid hazards are not edited", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "precondition_failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "precondition_required", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/hazards/{id}")]
pub async fn update_hazard(
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateHazard>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let if_match = if_match(req.headers());
    let st = state.clone();
    let today = state.today();
    let (tag, dto) = blocking(move || {
        let row = edit(&st, &auth.0, &id, if_match.as_deref(), body.0)?;
        Ok((etag(&row, today)?, hazard_full(&mut *st.conn()?, row, today)?))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), tag, dto))
}
