//! Record an enforcement action (约谈, 警示, …) on a hazard and its enterprise
//! (`POST /v1/hazards/{id}/enforcement-actions`).

use hazard_domain::enforcement::{self, EnforcementKind};
use hazard_domain::hazard::EventKind;
use hazard_domain::{Actor, Permission};
use hazard_infra::models::EnforcementRow;
use hazard_infra::repo::enforcement as repo;
use hazard_openapi::supervision::CreateEnforcement;
use uuid::Uuid;

use super::hazards::{bump, load_visible};
use super::lookups::Lookups;
use super::retry_on_conflict;
use crate::error::ApiError;
use crate::state::AppState;

/// Records an enforcement action on hazard `id`; the enterprise defaults to the hazard's
/// and, when named, must sit in the hazard's street.
pub fn record(st: &AppState, actor: &Actor, id: &str, cmd: CreateEnforcement) -> Result<EnforcementRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    actor.may(Permission::Enforce)?;
    let mut lookups = Lookups::new(&mut conn);
    lookups.note(enforcement::check_date(cmd.date, st.today()))?;
    lookups.department("department_code", &cmd.department_code)?;
    if let Some(e) = cmd.enterprise_id {
        lookups.enterprise_in("enterprise_id", e, &before.street_code)?;
    }
    lookups.finish()?;
    let kind = EnforcementKind::from(cmd.kind);
    let now = st.now_naive();
    let row = EnforcementRow {
        id: Uuid::now_v7().to_string(),
        hazard_id: id.to_owned(),
        enterprise_id: cmd.enterprise_id.map(|e| e.to_string()).or_else(|| before.enterprise_id.clone()),
        kind: kind.as_str().into(),
        action_date: cmd.date,
        department_code: cmd.department_code,
        note: cmd.note.clone(),
        created_by: actor.user_id.to_string(),
        created_at: now,
    };
    let data = serde_json::json!({"enforcement_id": row.id, "kind": kind, "date": row.action_date});
    let (after, event) = bump(&before, actor, EventKind::Enforcement, cmd.note, data, now);
    repo::add(&mut conn, &row, &before, &after, event).map_err(retry_on_conflict)?;
    Ok(row)
}
