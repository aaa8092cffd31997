//! `POST /v1/departments`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::reference::{self, Entry};
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::reference::CodeName;

/// Adds a department (administrators).
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = CodeName,
    responses(
        (status = 201, body = CodeName),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/departments")]
pub async fn add_department(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CodeName>,
) -> Result<HttpResponse, ApiError> {
    let (st, entry) = (state.clone(), Entry::Department(body.0.clone()));
    blocking(move || reference::add(&st, &auth.0, entry)).await?;
    Ok(HttpResponse::Created().json(body.0))
}
