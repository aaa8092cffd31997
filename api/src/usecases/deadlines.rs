//! Deadline bookkeeping, the writes the background jobs make: `overdue` events for
//! hazards past their deadline, `deadline_reminder` events before it, and
//! `supervision_overdue` events for listings past theirs. Each event is claimed by a
//! conditional update that only one run can win, so several replicas may run this at once.

use hazard_domain::hazard::EventKind;
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::deadlines::{self, Mark};
use hazard_infra::repo::{hazards, supervisions};
use hazard_infra::DbConnection;

use crate::error::ApiError;
use crate::state::AppState;

/// The events one run recorded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// `overdue` events recorded for hazards.
    pub overdue: usize,
    /// `deadline_reminder` events recorded.
    pub reminders: usize,
    /// `supervision_overdue` events recorded.
    pub supervision_overdue: usize,
}

/// Hazards read per batch while looking for newly overdue ones.
const BATCH: i64 = 500;

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

fn overdue(conn: &mut DbConnection, st: &AppState) -> Result<usize, ApiError> {
    let (now, today) = (st.now_naive(), st.today());
    let mut recorded = 0;
    loop {
        let due = deadlines::newly_overdue(conn, today, BATCH)?;
        let n = due.len();
        for h in due {
            let Some(deadline) = h.deadline else { continue };
            let event = system_event(&h, EventKind::Overdue, serde_json::json!({"deadline": deadline}), now);
            if deadlines::record_once(conn, &h, deadline, Mark::Overdue, &event, now)? {
                recorded += 1;
            }
        }
        if n < BATCH as usize {
            return Ok(recorded);
        }
    }
}

fn reminders(conn: &mut DbConnection, st: &AppState) -> Result<usize, ApiError> {
    let (now, today) = (st.now_naive(), st.today());
    let until = today + chrono::Duration::days(st.settings.reminder_days);
    let mut recorded = 0;
    for h in deadlines::due_soon(conn, today, until, 10_000)? {
        let Some(deadline) = h.deadline else { continue };
        let event = system_event(&h, EventKind::DeadlineReminder, serde_json::json!({"deadline": deadline}), now);
        if deadlines::record_once(conn, &h, deadline, Mark::Reminder, &event, now)? {
            recorded += 1;
        }
    }
    Ok(recorded)
}

fn supervision_overdue(conn: &mut DbConnection, st: &AppState) -> Result<usize, ApiError> {
    let now = st.now_naive();
    let mut recorded = 0;
    for s in supervisions::newly_overdue(conn, st.today(), 10_000)? {
        let Some(h) = hazards::get(conn, &s.hazard_id)? else { continue };
        let data = serde_json::json!({"supervision_id": s.id, "deadline": s.deadline, "level": s.level});
        let event = system_event(&h, EventKind::SupervisionOverdue, data, now);
        if deadlines::record_supervision_overdue(conn, &s.id, s.deadline, &event)? {
            recorded += 1;
        }
    }
    Ok(recorded)
}

/// Records every deadline event due at the state's clock.
pub fn record_due(st: &AppState) -> Result<Recorded, ApiError> {
    let mut conn = st.conn()?;
    Ok(Recorded {
        overdue: overdue(&mut conn, st)?,
        reminders: reminders(&mut conn, st)?,
        supervision_overdue: supervision_overdue(&mut conn, st)?,
    })
}
