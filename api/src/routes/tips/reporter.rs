//! `GET /v1/tips/{id}/reporter`: who sent a tip (administrators only).

use actix_web::{get, web, HttpResponse};
use hazard_domain::Permission;
use hazard_infra::repo::tips;
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::TipReporter;

use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// Who sent a tip (administrators only, e.g. to pay a reward). Confidential.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    responses(
        (status = 200, body = TipReporter),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips/{id}/reporter")]
pub async fn tip_reporter(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.0.may(Permission::ReadTipReporter)?;
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let reporter = blocking(move || {
        let mut conn = st.conn()?;
        tips::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such tip".into()))?;
        Ok(tips::reporter(&mut conn, &id)?)
    })
    .await?;
    let out =
        reporter.map_or(TipReporter { name: None, phone: None }, |r| TipReporter { name: r.name, phone: r.phone });
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(out))
}
