//! `POST /v1/tips/{id}/verify`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{Tip, VerifyTip};

use super::reviewed;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::tips::verify::verify;

/// Verifies a tip: it becomes a hazard with source `public_tip`, linked to the tip and
/// carrying its photos.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = VerifyTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: already reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/verify")]
pub async fn verify_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<VerifyTip>,
) -> Result<HttpResponse, ApiError> {
    reviewed(&state, &id, move |st, id| verify(st, &auth.0, id, body.0)).await
}
