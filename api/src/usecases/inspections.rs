//! Inspections (检查): record one (safe to retry with a client-made id), finish one.

use hazard_domain::inspection::{self, InspectionKind};
use hazard_domain::Actor;
use hazard_infra::models::InspectionRow;
use hazard_infra::repo::inspections;
use hazard_infra::{codes, InfraError};
use hazard_openapi::inspections::CreateInspection;
use uuid::Uuid;

use super::lookups::Lookups;
use crate::convert::stored_uuid;
use crate::error::ApiError;
use crate::state::AppState;

/// Whether recording made a new inspection or found the caller's earlier one.
pub enum Recorded {
    /// Recorded now.
    Created(InspectionRow),
    /// A retry of the caller's earlier request with the same id.
    Existing(InspectionRow),
}

/// The inspection's inspectors as stored.
pub fn inspectors_of(row: &InspectionRow) -> Result<Vec<String>, ApiError> {
    serde_json::from_str(&row.inspector_ids).map_err(|e| ApiError::internal(format!("stored inspectors: {e}")))
}

/// Loads an inspection the actor may see (its street, or its enterprise); otherwise 404.
pub fn load_visible(st: &AppState, actor: &Actor, id: &str) -> Result<InspectionRow, ApiError> {
    let row = inspections::get(&mut *st.conn()?, id)?.ok_or_else(|| ApiError::NotFound("no such inspection".into()))?;
    let enterprise = row.enterprise_id.as_deref().map(stored_uuid).transpose()?;
    if actor.scope().admits(&row.street_code, enterprise) {
        Ok(row)
    } else {
        Err(ApiError::NotFound("no such inspection".into()))
    }
}

/// Records an inspection by `actor`.
pub fn record(st: &AppState, actor: &Actor, cmd: CreateInspection) -> Result<Recorded, ApiError> {
    let kind = InspectionKind::from(cmd.kind);
    kind.check_actor(actor)?;
    actor.can_file_in(&cmd.street_code)?;
    inspection::check_subject(actor, cmd.enterprise_id, cmd.site_address.is_some())?;
    let mut conn = st.conn()?;
    let id = cmd.id.unwrap_or_else(Uuid::now_v7).to_string();
    if let Some(existing) = inspections::get(&mut conn, &id)? {
        return if existing.created_by == actor.user_id.to_string() {
            Ok(Recorded::Existing(existing))
        } else {
            Err(ApiError::conflict("this id is already used by another inspection"))
        };
    }
    let ids: Vec<String> = inspection::inspectors(actor, &cmd.inspector_ids).iter().map(Uuid::to_string).collect();
    let staff = inspections::staff_ids(&mut conn, &ids)?;
    let mut lookups = Lookups::new(&mut conn);
    lookups.street("street_code", &cmd.street_code)?;
    if let Some(d) = &cmd.department_code {
        lookups.department("department_code", d)?;
    }
    if let Some(e) = cmd.enterprise_id {
        lookups.enterprise_in("enterprise_id", e, &cmd.street_code)?;
    }
    if ids.iter().any(|i| !staff.contains(i) && *i != actor.user_id.to_string()) {
        lookups.note(Err(hazard_domain::DomainError::field(
            "inspector_ids",
            "every inspector must be an active inspector or supervisor account",
        )))?;
    }
    lookups.finish()?;
    let now = st.now_naive();
    let mut row = InspectionRow {
        id,
        code: codes::inspection_code(),
        kind: kind.as_str().into(),
        enterprise_id: cmd.enterprise_id.map(|e| e.to_string()),
        site_address: cmd.site_address,
        street_code: cmd.street_code,
        department_code: cmd.department_code,
        inspector_ids: serde_json::to_string(&ids).map_err(ApiError::internal)?,
        started_at: cmd.started_at.map_or(now, |t| t.naive_utc()),
        finished_at: None,
        note: cmd.note,
        created_by: actor.user_id.to_string(),
        created_at: now,
        updated_at: now,
    };
    // A code collision is astronomically unlikely; try a fresh code a few times anyway.
    let mut attempts = 0;
    loop {
        match inspections::insert(&mut conn, &row) {
            Ok(()) => return Ok(Recorded::Created(row)),
            Err(InfraError::Conflict(_)) if attempts < 3 => {
                if inspections::get(&mut conn, &row.id)?.is_some() {
                    return Err(ApiError::conflict("a concurrent request recorded this inspection; retry"));
                }
                attempts += 1;
                row.code = codes::inspection_code();
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Finishes inspection `id` at `at` (now when not given); finishing twice changes nothing.
pub fn finish(
    st: &AppState,
    actor: &Actor,
    id: &str,
    at: Option<chrono::NaiveDateTime>,
) -> Result<InspectionRow, ApiError> {
    let row = load_visible(st, actor, id)?;
    let inspectors = inspectors_of(&row)?.iter().map(|i| stored_uuid(i)).collect::<Result<Vec<_>, _>>()?;
    inspection::may_finish(actor, stored_uuid(&row.created_by)?, &inspectors)?;
    let mut conn = st.conn()?;
    if row.finished_at.is_none() {
        let at = at.unwrap_or_else(|| st.now_naive());
        if at < row.started_at {
            return Err(ApiError::field("finished_at", "must not be before started_at"));
        }
        inspections::finish(&mut conn, id, at)?;
    }
    inspections::get(&mut conn, id)?.ok_or_else(|| ApiError::NotFound("no such inspection".into()))
}
