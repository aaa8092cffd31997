//! `GET /v1/enterprises/{id}/enforcement-actions`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::answer::of_record;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::enforcement;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::EnforcementAction;

use super::*;

/// Enforcement actions against an enterprise, newest first.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "enterprise id")),
    responses(
        (status = 200, body = Vec<EnforcementAction>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/enterprises/{id}/enforcement-actions")]
pub async fn list_enterprise_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let read = move |st: &AppState, id: &str| {
        crate::routes::enterprises::load_visible(st, &auth.0, id)?;
        Ok(enforcement::for_enterprise(&mut *st.conn()?, id)?)
    };
    of_record(&state, ("enterprise", &id), read, dto).await
}
