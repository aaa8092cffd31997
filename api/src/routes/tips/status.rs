//! `GET /v1/public/tips/{tracking_code}`: a tip's progress, for its reporter.

use actix_web::{get, web, HttpRequest, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::TipStatusView;

use super::view::status_view;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::tips::load_with_secret;

/// The status of a tip (send the secret in `X-Tip-Secret`). A wrong secret is a 404,
/// the same as an unknown code.
#[utoipa::path(
    tag = "public",
    params(
        ("tracking_code" = String, Path, description = "the tip's tracking code"),
        ("X-Tip-Secret" = String, Header, description = "the secret returned with the code")
    ),
    responses(
        (status = 200, body = TipStatusView),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/public/tips/{tracking_code}")]
pub async fn tip_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let secret = super::secret_of(&req);
    let tip = blocking(move || load_with_secret(&mut *st.conn()?, secret.as_deref(), &code)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(status_view(tip)))
}
