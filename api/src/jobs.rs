//! In-process background jobs: deadline bookkeeping (the use case
//! [`crate::usecases::deadlines`]), expired idempotency keys, settled webhook deliveries,
//! idle rate buckets and orphaned photo blobs. Safe to run in several replicas at once:
//! each event is claimed by a conditional UPDATE that only one run can win.

use std::time::Duration;

use hazard_infra::repo::{idempotency, rate_buckets, webhooks};
use hazard_infra::storage;

use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::deadlines;

/// What one run of the jobs did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JobReport {
    /// Expired idempotency keys removed.
    pub purged_keys: usize,
    /// `overdue` events recorded for hazards.
    pub overdue: usize,
    /// `deadline_reminder` events recorded.
    pub reminders: usize,
    /// `supervision_overdue` events recorded.
    pub supervision_overdue: usize,
    /// Settled webhook deliveries older than the retention period removed.
    pub purged_deliveries: usize,
    /// Rate-limit buckets idle for a day removed (they were full again anyway).
    pub purged_buckets: usize,
}

/// How long settled webhook deliveries stay visible in `GET /v1/webhooks/{id}/deliveries`.
pub const DELIVERY_RETENTION_DAYS: i64 = 30;

/// Runs every job once (tests call it directly, with their clock).
pub fn run_once(state: &AppState) -> Result<JobReport, ApiError> {
    let now = state.now_naive();
    let mut report = {
        let mut conn = state.conn()?;
        JobReport {
            purged_keys: idempotency::purge_expired(&mut conn, now)?,
            purged_deliveries: webhooks::purge_settled(
                &mut conn,
                now - chrono::Duration::days(DELIVERY_RETENTION_DAYS),
            )?,
            purged_buckets: rate_buckets::purge_idle(&mut conn, now - chrono::Duration::days(1))?,
            ..JobReport::default()
        }
    };
    let recorded = deadlines::record_due(state)?;
    report.overdue = recorded.overdue;
    report.reminders = recorded.reminders;
    report.supervision_overdue = recorded.supervision_overdue;
    Ok(report)
}

/// Removes photo blobs that nothing refers to and that are older than the grace period
/// (`HAZARD_BLOB_GC_GRACE_SECS`). Safe in several replicas at once: deleting twice is fine.
pub fn collect_orphans(state: &AppState) -> Result<storage::Collected, ApiError> {
    let mut conn = state.conn()?;
    let cutoff = state.now() - chrono::Duration::seconds(state.settings.blob_gc_grace_secs.max(0));
    Ok(storage::collect_orphans(&mut conn, state.blobs.as_ref(), cutoff)?)
}

/// Runs `job` off the async runtime every `period` (not at start-up, which stays quick),
/// counting its runs and failures in the metrics under `name` and logging what it did.
fn every<T, F>(state: AppState, period: Duration, name: &'static str, job: F, done: fn(&T))
where
    T: Send + 'static,
    F: Fn(&AppState) -> Result<T, ApiError> + Send + Sync + Copy + 'static,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period.max(Duration::from_secs(1)));
        tick.tick().await;
        loop {
            tick.tick().await;
            let st = state.clone();
            let outcome = actix_web::web::block(move || job(&st)).await.map_err(ApiError::from).and_then(|r| r);
            state.metrics.job(name, outcome.is_ok());
            match outcome {
                Ok(r) => done(&r),
                Err(e) => tracing::warn!(job = name, error = %e, "background job failed"),
            }
        }
    });
}

/// Starts the job loops on the runtime; they live as long as the runtime.
pub fn spawn(state: AppState) {
    let blobs = Duration::from_secs(state.settings.blob_gc_interval_secs);
    every(state.clone(), blobs, "orphaned_blobs", collect_orphans, |c: &storage::Collected| {
        tracing::info!(seen = c.seen, removed = c.removed, "orphaned blobs collected");
    });
    let period = Duration::from_secs(state.settings.job_interval_secs);
    every(state, period, "deadlines", run_once, |r: &JobReport| {
        if *r != JobReport::default() {
            tracing::info!(
                purged_keys = r.purged_keys,
                overdue = r.overdue,
                reminders = r.reminders,
                supervision_overdue = r.supervision_overdue,
                purged_deliveries = r.purged_deliveries,
                purged_buckets = r.purged_buckets,
                "background jobs ran"
            );
        }
    });
}
