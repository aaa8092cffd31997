//! `GET /v1/tips/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::Tip;

use super::with_photos;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::tips::load_for_review;

/// One tip (supervisors).
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips/{id}")]
pub async fn get_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let tip = load_for_review(&mut conn, &auth.0, &id)?;
        with_photos(&mut conn, tip)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
