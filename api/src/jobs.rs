//! In-process background jobs. Each is safe to run in several replicas at once (every
//! statement is an idempotent bulk delete or update).

use std::time::Duration;

use hazard_infra::repo::idempotency;

use crate::state::AppState;

/// Runs every job once; returns what each did (tests call it directly).
pub fn run_once(state: &AppState) -> Result<usize, hazard_infra::InfraError> {
    let mut conn = state.pool.get()?;
    idempotency::purge_expired(&mut conn, state.now_naive())
}

/// Starts the job loop on the runtime; it lives as long as the runtime.
pub fn spawn(state: AppState) {
    let every = Duration::from_secs(state.settings.job_interval_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let st = state.clone();
            match actix_web::web::block(move || run_once(&st)).await {
                Ok(Ok(purged)) if purged > 0 => tracing::info!(purged, "expired idempotency keys removed"),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "background job failed"),
                Err(e) => tracing::warn!(error = %e, "background job could not run"),
            }
        }
    });
}
