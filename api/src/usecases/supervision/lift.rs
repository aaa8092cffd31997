//! Lift a listing (摘牌, `POST /v1/hazards/{id}/supervision/lift`).

use hazard_domain::hazard::EventKind;
use hazard_domain::supervision;
use hazard_domain::Actor;
use hazard_infra::models::SupervisionRow;
use hazard_infra::repo::supervisions;
use hazard_openapi::supervision::LiftSupervision;

use super::active;
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::hazards::{bump, load_visible, status_of};
use crate::usecases::retry_on_conflict;

/// Lifts the active listing of hazard `id`, with an optional note.
pub fn lift(st: &AppState, actor: &Actor, id: &str, cmd: LiftSupervision) -> Result<SupervisionRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    let mut row = active(&mut conn, id)?;
    supervision::check_lift(actor, status_of(&before)?)?;
    let now = st.now_naive();
    row.status = "lifted".into();
    row.lifted_by = Some(actor.user_id.to_string());
    row.lifted_at = Some(now);
    row.lift_note = cmd.note.clone();
    let data = serde_json::json!({"supervision_id": row.id});
    let (after, event) = bump(&before, actor, EventKind::SupervisionLifted, cmd.note, data, now);
    supervisions::save(&mut conn, &row, false, &before, &after, event).map_err(retry_on_conflict)?;
    Ok(row)
}
