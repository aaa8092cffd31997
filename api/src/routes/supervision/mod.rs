//! Listed supervision (挂牌督办), escalation (提级), lifting (摘牌), the supervision
//! board, and enforcement actions.

pub mod board;
pub mod enforcement;
pub mod escalate;
pub mod lift;
pub mod list;

use hazard_domain::hazard::EventKind;
use hazard_domain::Actor;
use hazard_infra::models::{HazardRow, NewEvent};

/// A hazard one version on, with an event describing why (listing, enforcement…).
pub fn bump(
    before: &HazardRow,
    actor: &Actor,
    kind: EventKind,
    note: Option<String>,
    data: serde_json::Value,
    now: chrono::NaiveDateTime,
) -> (HazardRow, NewEvent) {
    let mut after = before.clone();
    after.version += 1;
    after.updated_at = now;
    let event = NewEvent {
        hazard_id: before.id.clone(),
        action: kind.as_str().into(),
        actor_id: Some(actor.user_id.to_string()),
        actor_role: Some(actor.role.as_str().into()),
        from_status: Some(before.status.clone()),
        to_status: before.status.clone(),
        note,
        data: Some(data.to_string()),
        created_at: now,
    };
    (after, event)
}
