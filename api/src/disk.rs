//! Low disk space: writes are refused with 507 `insufficient_storage` before they start
//! (so nothing already stored is damaged by a half-written file or a failed commit), and
//! `/readyz` reports the shortage so the balancer and the operator see it.

use std::path::{Path, PathBuf};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use hazard_infra::db::Backend;
use hazard_openapi::problem::Problem;

use crate::state::AppState;

/// Free bytes for an unprivileged writer on the file system holding `path`.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let st = rustix::fs::statvfs(path).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

/// The folders whose file systems the service writes to: photos, and the SQLite file.
pub fn watched(state: &AppState) -> Vec<PathBuf> {
    let mut paths = vec![state.settings.data_dir.clone()];
    if let Ok(Backend::Sqlite(file)) = Backend::from_url(&state.settings.database_url) {
        let dir =
            file.parent().filter(|d| !d.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        paths.push(dir);
    }
    paths
}

/// The first watched folder short of space, with what is left there.
pub fn shortage(state: &AppState) -> Option<(PathBuf, u64)> {
    let min = state.settings.limits.min_free_disk_mb.saturating_mul(1024 * 1024);
    watched(state).into_iter().find_map(|p| free_bytes(&p).filter(|free| *free < min).map(|free| (p, free)))
}

/// The 507 problem.
pub fn insufficient_storage(free: u64) -> HttpResponse {
    let problem = Problem {
        kind: "https://hazard-api.example/problems/insufficient-storage".into(),
        title: "Insufficient Storage".into(),
        status: 507,
        detail: format!(
            "the server is low on disk space ({} MiB free); writes are refused until an operator frees space",
            free / (1024 * 1024)
        ),
        code: "insufficient_storage".into(),
        errors: vec![],
    };
    HttpResponse::build(StatusCode::INSUFFICIENT_STORAGE)
        .insert_header((CONTENT_TYPE, "application/problem+json"))
        .body(serde_json::to_string(&problem).unwrap_or_default())
}

/// The middleware: reads pass, writes wait for space.
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes {
        if let Some(state) = req.app_data::<web::Data<AppState>>() {
            if let Some((path, free)) = shortage(state) {
                tracing::error!(path = %path.display(), free_bytes = free, "low disk space: refusing writes");
                return Ok(req.into_response(insufficient_storage(free)).map_into_right_body());
            }
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}
