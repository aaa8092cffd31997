//! Raise an active listing to a higher level (`POST /v1/hazards/{id}/supervision/escalate`).

use hazard_domain::hazard::EventKind;
use hazard_domain::supervision::{self, Level};
use hazard_domain::Actor;
use hazard_infra::models::SupervisionRow;
use hazard_infra::repo::supervisions;
use hazard_openapi::supervision::EscalateSupervision;

use super::active;
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::hazards::{bump, load_visible};
use crate::usecases::retry_on_conflict;

/// Escalates the active listing of hazard `id` (提级), with a reason.
pub fn escalate(st: &AppState, actor: &Actor, id: &str, cmd: EscalateSupervision) -> Result<SupervisionRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    let mut row = active(&mut conn, id)?;
    let current: Level = row.level.parse().map_err(ApiError::internal)?;
    let to = Level::from(cmd.level);
    supervision::check_escalate(actor, current, to)?;
    row.level = to.as_str().into();
    let data = serde_json::json!({"supervision_id": row.id, "from_level": current, "level": to});
    let (after, event) = bump(&before, actor, EventKind::SupervisionEscalated, Some(cmd.reason), data, st.now_naive());
    supervisions::save(&mut conn, &row, false, &before, &after, event).map_err(retry_on_conflict)?;
    Ok(row)
}
