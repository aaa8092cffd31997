//! In-process background jobs: deadline bookkeeping (overdue events, reminders,
//! supervision deadlines), expired idempotency keys, and settled webhook deliveries. Safe to run in several replicas
//! at once: each event is claimed by a conditional UPDATE that only one run can win.

use std::time::Duration;

use hazard_domain::hazard::EventKind;
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::deadlines::{self, Mark};
use hazard_infra::repo::{hazards, idempotency, rate_buckets, supervisions, webhooks};
use hazard_infra::storage;

use crate::state::AppState;

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

fn system_event(hazard: &HazardRow, kind: EventKind, data: serde_json::Value, now: chrono::NaiveDateTime) -> NewEvent {
    NewEvent {
        hazard_id: hazard.id.clone(),
        action: kind.as_str().into(),
        actor_id: None,
        actor_role: None,
        from_status: Some(hazard.status.clone()),
        to_status: hazard.status.clone(),
        note: None,
        data: Some(data.to_string()),
        created_at: now,
    }
}

/// Runs every job once (tests call it directly, with their clock).
pub fn run_once(state: &AppState) -> Result<JobReport, hazard_infra::InfraError> {
    let mut conn = state.pool.get()?;
    let now = state.now_naive();
    let today = state.today();
    let mut report = JobReport {
        purged_keys: idempotency::purge_expired(&mut conn, now)?,
        purged_deliveries: webhooks::purge_settled(&mut conn, now - chrono::Duration::days(DELIVERY_RETENTION_DAYS))?,
        purged_buckets: rate_buckets::purge_idle(&mut conn, now - chrono::Duration::days(1))?,
        ..JobReport::default()
    };
    const BATCH: i64 = 500;
    loop {
        let due = deadlines::newly_overdue(&mut conn, today, BATCH)?;
        let n = due.len();
        for h in due {
            let Some(deadline) = h.deadline else { continue };
            let event = system_event(&h, EventKind::Overdue, serde_json::json!({"deadline": deadline}), now);
            if deadlines::record_once(&mut conn, &h, deadline, Mark::Overdue, &event, now)? {
                report.overdue += 1;
            }
        }
        if n < BATCH as usize {
            break;
        }
    }
    let until = today + chrono::Duration::days(state.settings.reminder_days);
    for h in deadlines::due_soon(&mut conn, today, until, 10_000)? {
        let Some(deadline) = h.deadline else { continue };
        let event = system_event(&h, EventKind::DeadlineReminder, serde_json::json!({"deadline": deadline}), now);
        if deadlines::record_once(&mut conn, &h, deadline, Mark::Reminder, &event, now)? {
            report.reminders += 1;
        }
    }
    for s in supervisions::newly_overdue(&mut conn, today, 10_000)? {
        let Some(h) = hazards::get(&mut conn, &s.hazard_id)? else { continue };
        let data = serde_json::json!({"supervision_id": s.id, "deadline": s.deadline, "level": s.level});
        let event = system_event(&h, EventKind::SupervisionOverdue, data, now);
        if deadlines::record_supervision_overdue(&mut conn, &s.id, s.deadline, &event)? {
            report.supervision_overdue += 1;
        }
    }
    Ok(report)
}

/// Removes photo blobs that nothing refers to and that are older than the grace period
/// (`HAZARD_BLOB_GC_GRACE_SECS`). Safe in several replicas at once: deleting twice is fine.
pub fn collect_orphans(state: &AppState) -> Result<storage::Collected, hazard_infra::InfraError> {
    let mut conn = state.pool.get()?;
    let cutoff = state.now() - chrono::Duration::seconds(state.settings.blob_gc_grace_secs.max(0));
    storage::collect_orphans(&mut conn, state.blobs.as_ref(), cutoff)
}

fn spawn_orphan_collector(state: AppState) {
    let every = Duration::from_secs(state.settings.blob_gc_interval_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let st = state.clone();
            let outcome = actix_web::web::block(move || collect_orphans(&st)).await;
            state.metrics.job("orphaned_blobs", matches!(outcome, Ok(Ok(_))));
            match outcome {
                Ok(Ok(c)) => tracing::info!(seen = c.seen, removed = c.removed, "orphaned blobs collected"),
                Ok(Err(e)) => tracing::warn!(error = %e, "orphaned-blob collection failed"),
                Err(e) => tracing::warn!(error = %e, "orphaned-blob collection could not run"),
            }
        }
    });
}

/// Starts the job loops on the runtime; they live as long as the runtime.
pub fn spawn(state: AppState) {
    spawn_orphan_collector(state.clone());
    let every = Duration::from_secs(state.settings.job_interval_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        // The first tick is immediate; skip it so that start-up stays quick.
        tick.tick().await;
        loop {
            tick.tick().await;
            let st = state.clone();
            let outcome = actix_web::web::block(move || run_once(&st)).await;
            state.metrics.job("deadlines", matches!(outcome, Ok(Ok(_))));
            match outcome {
                Ok(Ok(r)) if r != JobReport::default() => tracing::info!(
                    purged_keys = r.purged_keys,
                    overdue = r.overdue,
                    reminders = r.reminders,
                    supervision_overdue = r.supervision_overdue,
                    purged_deliveries = r.purged_deliveries,
                    purged_buckets = r.purged_buckets,
                    "background jobs ran"
                ),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "background job failed"),
                Err(e) => tracing::warn!(error = %e, "background job could not run"),
            }
        }
    });
}
