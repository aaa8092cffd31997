//! The one place a lifecycle decision is written back into a stored hazard.

use chrono::NaiveDateTime;
use hazard_domain::hazard::{Decision, Status};
use hazard_domain::kpi::days_to_close;
use hazard_infra::models::HazardRow;

use crate::error::ApiError;

/// `before` with the domain's decision applied at `now`: the next state, one version on,
/// with the closing time kept from the first close (and cleared on reopening).
pub fn apply(before: &HazardRow, decision: &Decision, now: NaiveDateTime) -> Result<HazardRow, ApiError> {
    let next = &decision.next;
    let was_closed = super::status_of(before)? == Status::Closed;
    let closed_at = match (next.status, was_closed) {
        (Status::Closed, false) => Some(now),
        (Status::Closed, true) => before.closed_at,
        _ => None,
    };
    Ok(HazardRow {
        status: next.status.as_str().into(),
        grade: next.grade.as_str().into(),
        criterion_code: next.criterion_code.clone(),
        department_code: next.department_code.clone(),
        responsible_party: next.responsible_party.clone(),
        deadline: next.deadline,
        rectification_plan: next.plan.as_ref().map(serde_json::to_string).transpose().map_err(ApiError::internal)?,
        last_submitted_by: next.last_submitted_by.map(|u| u.to_string()),
        closed_at,
        close_days: closed_at.map(|c| days_to_close(before.created_at, c)),
        updated_at: now,
        version: before.version + 1,
        ..before.clone()
    })
}

/// What the timeline records beside the action: the fields the decision changed.
pub fn changed_fields(decision: &Decision, before: &HazardRow) -> Option<serde_json::Value> {
    let next = &decision.next;
    let mut data = serde_json::Map::new();
    if next.deadline != before.deadline {
        data.insert("deadline".into(), serde_json::json!(next.deadline));
    }
    if next.grade.as_str() != before.grade || next.criterion_code != before.criterion_code {
        data.insert("grade".into(), serde_json::json!(next.grade));
        data.insert("criterion_code".into(), serde_json::json!(next.criterion_code));
    }
    if next.department_code != before.department_code || next.responsible_party != before.responsible_party {
        data.insert("department_code".into(), serde_json::json!(next.department_code));
        data.insert("responsible_party".into(), serde_json::json!(next.responsible_party));
    }
    (!data.is_empty()).then_some(serde_json::Value::Object(data))
}
