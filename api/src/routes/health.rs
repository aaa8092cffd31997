//! Liveness and readiness, for load balancers and orchestrators.

use actix_web::{get, web, HttpResponse};

use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// The process is up and serving.
#[utoipa::path(tag = "operations", responses((status = 200, description = "alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The database answers; 503 otherwise, so a load balancer stops sending traffic here.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "ready"),
        (status = 503, description = "database unreachable", body = hazard_openapi::problem::Problem, content_type = "application/problem+json")
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pool = state.pool.clone();
    blocking(move || {
        let mut conn = pool.get().map_err(|_| ApiError::Unavailable)?;
        hazard_infra::db::ping(&mut conn).map_err(|_| ApiError::Unavailable)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ready"})))
}
