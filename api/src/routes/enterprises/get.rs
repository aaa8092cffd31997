//! `GET /v1/enterprises/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::enterprises;
use hazard_openapi::enterprises::Enterprise;
use hazard_openapi::problem::Problem;

use super::load_visible;
use super::view::enterprise_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// One enterprise with its open hazards and last inspection.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "enterprise id")),
    responses(
        (status = 200, body = Enterprise),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/enterprises/{id}")]
pub async fn get_enterprise(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "enterprise")?.to_string();
    let st = state.clone();
    let dto = blocking(move || {
        let row = load_visible(&st, &auth.0, &id)?;
        let figures = enterprises::figures(&mut *st.conn()?, std::slice::from_ref(&row.id))?;
        let (open, last) = figures.first().map_or((0, None), |(_, n, t)| (*n, *t));
        enterprise_dto(row, open, last)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
