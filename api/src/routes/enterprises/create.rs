//! `POST /v1/enterprises`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::enterprises::{CreateEnterprise, Enterprise};
use hazard_openapi::problem::Problem;

use super::view::enterprise_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::enterprises;

/// Registers an enterprise (staff in its street, or administrators). The USCC is checked
/// (GB 32100-2015 check character) and unique.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    request_body = CreateEnterprise,
    responses(
        (status = 201, body = Enterprise),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the USCC is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed (e.g. `uscc` check character)", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/enterprises")]
pub async fn create_enterprise(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let row = blocking(move || enterprises::register(&st, &auth.0, body.0)).await?;
    let dto = enterprise_dto(row, 0, None)?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/v1/enterprises/{}", dto.id))).json(dto))
}
