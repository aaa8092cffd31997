//! `GET /v1/inspections/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::hazards::{self, HazardFilter};
use hazard_openapi::inspections::InspectionDetail;
use hazard_openapi::problem::Problem;

use super::load_visible;
use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::routes::hazards::view::hazard_dtos;
use crate::state::AppState;

/// One inspection with the hazards found in it (those the caller may see).
#[utoipa::path(
    tag = "inspections",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "inspection id")),
    responses(
        (status = 200, body = InspectionDetail),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/inspections/{id}")]
pub async fn get_inspection(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "inspection")?.to_string();
    let actor = auth.0;
    let st = state.clone();
    let today = state.today();
    let detail = blocking(move || {
        let row = load_visible(&st, &actor, &id)?;
        let mut conn = st.conn()?;
        let filter = HazardFilter { inspection: Some(id.clone()), ..HazardFilter::within(actor.scope()) };
        let rows = hazards::list(&mut conn, &filter, None, 1000)?;
        let inspection = inspection_dto(&mut conn, row)?;
        let hazards = hazard_dtos(&mut conn, rows, today)?;
        Ok(InspectionDetail { inspection, hazards })
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}
