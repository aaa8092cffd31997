//! List an open hazard for supervision (`POST /v1/hazards/{id}/supervision`).

use hazard_domain::hazard::EventKind;
use hazard_domain::supervision::{self, Level};
use hazard_domain::Actor;
use hazard_infra::models::SupervisionRow;
use hazard_infra::repo::supervisions;
use hazard_infra::InfraError;
use hazard_openapi::supervision::ListSupervision;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::hazards::{bump, load_visible, status_of};
use crate::usecases::lookups::Lookups;

/// Lists hazard `id` for supervision (one active listing per hazard).
pub fn list(st: &AppState, actor: &Actor, id: &str, cmd: ListSupervision) -> Result<SupervisionRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    let active = supervisions::active_for(&mut conn, id)?;
    supervision::check_list(actor, status_of(&before)?, active.is_some())?;
    let today = st.today();
    let mut lookups = Lookups::new(&mut conn);
    lookups.note(supervision::check_deadline(cmd.deadline, today))?;
    lookups.department("department_code", &cmd.department_code)?;
    lookups.finish()?;
    let now = st.now_naive();
    let level = Level::from(cmd.level);
    let row = SupervisionRow {
        id: Uuid::now_v7().to_string(),
        hazard_id: id.to_owned(),
        level: level.as_str().into(),
        department_code: cmd.department_code,
        document_number: cmd.document_number,
        deadline: cmd.deadline,
        reason: cmd.reason.clone(),
        status: "active".into(),
        listed_by: actor.user_id.to_string(),
        listed_at: now,
        lifted_by: None,
        lifted_at: None,
        lift_note: None,
        overdue_recorded_for: None,
        reminded_for: None,
    };
    let data = serde_json::json!({"supervision_id": row.id, "level": level, "document_number": row.document_number,
                                  "deadline": row.deadline, "department_code": row.department_code});
    let (after, event) = bump(&before, actor, EventKind::SupervisionListed, Some(cmd.reason), data, now);
    match supervisions::save(&mut conn, &row, true, &before, &after, event) {
        Ok(()) => Ok(row),
        Err(InfraError::Conflict(_)) => Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: "the hazard is already under listed supervision, or changed meanwhile".into(),
        }),
        Err(e) => Err(e.into()),
    }
}
