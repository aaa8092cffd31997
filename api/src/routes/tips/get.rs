//! `GET /v1/tips/{id}`.

use actix_web::{get, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::Tip;

use super::reviewed;
use crate::auth::AuthUser;
use crate::error::ApiError;
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
    reviewed(&state, &id, move |st, id| load_for_review(&mut *st.conn()?, &auth.0, id)).await
}
