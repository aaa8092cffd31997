//! `POST /v1/inspections`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::inspections::{CreateInspection, Inspection};
use hazard_openapi::problem::Problem;

use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::inspections::{record, Recorded};

/// Starts an inspection of an enterprise or a site. It gets a public, unguessable
/// inspection code (检查码). With a client-made `id`, a retry returns the one recorded.
#[utoipa::path(
    tag = "inspections",
    security(("bearer" = [])),
    request_body = CreateInspection,
    responses(
        (status = 201, body = Inspection),
        (status = 200, description = "a retry with the same client id", body = Inspection),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the id belongs to another inspection", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/inspections")]
pub async fn create_inspection(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateInspection>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let (row, mut res) = match blocking(move || record(&st, &auth.0, body.0)).await? {
        Recorded::Created(row) => (row, HttpResponse::Created()),
        Recorded::Existing(row) => (row, HttpResponse::Ok()),
    };
    let st = state.clone();
    let dto = blocking(move || inspection_dto(&mut *st.conn()?, row)).await?;
    Ok(res.insert_header(("Location", format!("/v1/inspections/{}", dto.id))).json(dto))
}
