//! `POST /v1/public/tips`: report a hazard without an account.

use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{CreateTip, TipReceipt};

use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::tips::file::{file, Channel};

/// Reports a hazard without an account. Contact details are optional and confidential:
/// stored apart from the tip and shown to administrators only. Rate-limited per client
/// address. Keep the tracking code and the secret to follow the tip.
#[utoipa::path(
    tag = "public",
    request_body = CreateTip,
    responses(
        (status = 201, body = TipReceipt),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "rate_limited", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/public/tips")]
pub async fn create_tip(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<CreateTip>,
) -> Result<HttpResponse, ApiError> {
    let channel = Channel::Anonymous { address: super::client_address(&req) };
    let st = state.clone();
    let filed = blocking(move || file(&st, channel, body.0, None)).await?;
    let receipt = TipReceipt { tracking_code: filed.tip.tracking_code, secret: filed.secret };
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(receipt))
}
