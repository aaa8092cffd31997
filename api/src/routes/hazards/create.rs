//! `POST /v1/hazards`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::hazards::{CreateHazard, Hazard};
use hazard_openapi::problem::Problem;

use super::view::hazard_dto;
use super::with_etag;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::hazards::etag;
use crate::usecases::hazards::file::{file, Filed};

/// Files a hazard. With a client-made `id`, a retry of the same request returns the
/// hazard already filed (200) instead of filing it twice; the same id with a different
/// body is a 409.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    request_body = CreateHazard,
    responses(
        (status = 201, body = Hazard, headers(("Location" = String), ("ETag" = String))),
        (status = 200, description = "a retry of an earlier identical request", body = Hazard),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the id was used for a different hazard", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards")]
pub async fn create_hazard(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateHazard>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let filed = blocking(move || file(&st, &auth.0, body.0)).await?;
    let (row, mut res) = match filed {
        Filed::Created(row) => (row, HttpResponse::Created()),
        Filed::Replayed(row) => (row, HttpResponse::Ok()),
    };
    let today = state.today();
    let tag = etag(&row, today)?;
    res.insert_header(("Location", format!("/v1/hazards/{}", row.id)));
    Ok(with_etag(res, tag, hazard_dto(row.into(), today)?))
}
