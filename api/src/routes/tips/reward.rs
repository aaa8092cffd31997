//! `POST /v1/tips/{id}/reward`.

use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{RewardTip, Tip};

use super::reviewed;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::tips::review::reward;

/// Rewards a verified tip (举报奖励): pending, then granted.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = RewardTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: not verified, or the reward cannot move that way", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/reward")]
pub async fn reward_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<RewardTip>,
) -> Result<HttpResponse, ApiError> {
    reviewed(&state, &id, move |st, id| reward(st, &auth.0, id, body.0.target(), body.0.amount)).await
}
