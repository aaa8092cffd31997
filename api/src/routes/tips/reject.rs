//! `POST /v1/tips/{id}/reject`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{RejectTip, Tip};

use super::reviewed;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::tips::review::reject;

/// Rejects a tip (not a hazard), with a reason.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = RejectTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: already reviewed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/reject")]
pub async fn reject_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<RejectTip>,
) -> Result<HttpResponse, ApiError> {
    reviewed(&state, &id, move |st, id| reject(st, &auth.0, id, body.0.reason)).await
}
