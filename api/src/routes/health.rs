//! Liveness and readiness, for load balancers and orchestrators.

use std::time::Duration;

use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use hazard_openapi::problem::Problem;

use crate::state::AppState;

/// The longest `/readyz` takes to answer, whatever the database does.
const READY_BUDGET: Duration = Duration::from_millis(1800);
/// How long the SQLite probe waits for another writer's lock.
const SQLITE_PROBE_WAIT: Duration = Duration::from_millis(500);
/// How long the photo store (an S3 bucket) may take to list one page.
const BLOB_PROBE_WAIT: Duration = Duration::from_millis(1000);

/// The process is up and serving.
#[utoipa::path(tag = "operations", responses((status = 200, description = "alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

fn not_ready(code: &str, detail: String) -> HttpResponse {
    let problem = Problem {
        kind: format!(
            "https://hazard-api.example/problems/{}",
            code.chars().map(|c| if c == '_' { '-' } else { c }).collect::<String>()
        ),
        title: "Service Unavailable".into(),
        status: 503,
        detail,
        code: code.into(),
        errors: vec![],
    };
    HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
        .insert_header((CONTENT_TYPE, "application/problem+json"))
        .body(serde_json::to_string(&problem).unwrap_or_default())
}

/// Ready when a write could succeed now: the database answers within the budget, SQLite's
/// write lock can be taken, and the disk has room; 503 otherwise, saying which, so the
/// balancer stops sending traffic here and the operator knows what to fix. The photo
/// store is reported (`photos`: `ok` or `unreachable`, with a WARN line) but does not
/// decide: a bucket is shared by every replica, so failing on it would take the whole
/// fleet out of the balancer for an outage that only stops photo requests.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "ready; `photos` says whether the photo store answers (`ok`, `unreachable`)"),
        (status = 503, description = "unavailable (database unreachable, busy or read-only) or insufficient_storage (low disk space)", body = hazard_openapi::problem::Problem, content_type = "application/problem+json")
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if let Some((path, free)) = crate::disk::shortage(&state) {
        let detail = format!("low disk space: {} MiB free under {}", free / (1024 * 1024), path.display());
        return not_ready("insufficient_storage", detail);
    }
    let st = state.clone();
    let probe = actix_web::rt::task::spawn_blocking(move || -> Result<&'static str, String> {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        let busy = Duration::from_millis(st.settings.limits.sqlite_busy_timeout_ms);
        hazard_infra::db::probe_writable(&mut conn, SQLITE_PROBE_WAIT.min(busy), busy).map_err(|e| e.to_string())?;
        drop(conn);
        Ok(match st.blobs.reachable(BLOB_PROBE_WAIT) {
            Ok(()) => "ok",
            Err(e) => {
                tracing::warn!(error = %e, "the photo store cannot be reached: photo requests fail until it is back");
                "unreachable"
            }
        })
    });
    match tokio::time::timeout(READY_BUDGET, probe).await {
        Ok(Ok(Ok(photos))) => HttpResponse::Ok().json(serde_json::json!({"status": "ready", "photos": photos})),
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %e, "not ready: the database cannot take writes");
            not_ready("unavailable", "the database cannot take writes right now".into())
        }
        Ok(Err(_)) | Err(_) => not_ready("unavailable", "the database did not answer in time".into()),
    }
}
