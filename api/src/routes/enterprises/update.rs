//! `PATCH /v1/enterprises/{id}`.

use actix_web::{patch, web, HttpResponse};
use hazard_openapi::enterprises::{Enterprise, UpdateEnterprise};
use hazard_openapi::problem::Problem;

use super::view::with_figures;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::routes::answer::on_record;
use crate::state::AppState;
use crate::usecases::enterprises;

/// Edits an enterprise (staff in its street, or administrators), e.g. a new risk class.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "enterprise id")),
    request_body = UpdateEnterprise,
    responses(
        (status = 200, body = Enterprise),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: USCC taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/enterprises/{id}")]
pub async fn update_enterprise(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    let change = move |st: &AppState, id: &str| {
        let row = enterprises::update(st, &auth.0, id, body.0)?;
        with_figures(&mut *st.conn()?, row)
    };
    Ok(HttpResponse::Ok().json(on_record(&state, ("enterprise", &id), change).await?))
}
