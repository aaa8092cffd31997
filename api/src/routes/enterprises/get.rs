//! `GET /v1/enterprises/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_openapi::enterprises::Enterprise;
use hazard_openapi::problem::Problem;

use super::load_visible;
use super::view::with_figures;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::on_record;
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
    let read = move |st: &AppState, id: &str| {
        let row = load_visible(st, &auth.0, id)?;
        with_figures(&mut *st.conn()?, row)
    };
    Ok(HttpResponse::Ok().json(on_record(&state, ("enterprise", &id), read).await?))
}
