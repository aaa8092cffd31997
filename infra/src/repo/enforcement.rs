//! Enforcement actions (约谈, 警示通报, 提级调查, 一案双罚, 停产停业整顿).

use diesel::prelude::*;
use hazard_domain::enforcement::EnforcementKind;

use crate::models::{EnforcementRow, HazardRow, NewEvent};
use crate::repo::hazards;
use crate::schema::enforcement_actions;
use crate::{DbConnection, InfraError};

/// Records an action with its hazard's event, in one transaction. An interview or a
/// warning notice marks the hazard as enforced (约谈警示通报率).
pub fn add(
    conn: &mut DbConnection,
    row: &EnforcementRow,
    before: &HazardRow,
    after: &HazardRow,
    event: NewEvent,
) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        diesel::insert_into(enforcement_actions::table).values(row).execute(conn)?;
        let kind: EnforcementKind =
            row.kind.parse().map_err(|_| InfraError::Corrupt(format!("unknown enforcement `{}`", row.kind)))?;
        let mut after = after.clone();
        after.enforced |= EnforcementKind::INTERVIEW_OR_WARNING.contains(&kind);
        hazards::update(conn, before, &after, &[event])
    })
}

/// Actions on a hazard, oldest first.
pub fn for_hazard(conn: &mut DbConnection, hazard_id: &str) -> Result<Vec<EnforcementRow>, InfraError> {
    Ok(enforcement_actions::table
        .filter(enforcement_actions::hazard_id.eq(hazard_id))
        .order((enforcement_actions::action_date, enforcement_actions::created_at))
        .select(EnforcementRow::as_select())
        .load(conn)?)
}

/// Actions against an enterprise, newest first.
pub fn for_enterprise(conn: &mut DbConnection, enterprise_id: &str) -> Result<Vec<EnforcementRow>, InfraError> {
    Ok(enforcement_actions::table
        .filter(enforcement_actions::enterprise_id.eq(enterprise_id))
        .order((enforcement_actions::action_date.desc(), enforcement_actions::created_at.desc()))
        .select(EnforcementRow::as_select())
        .load(conn)?)
}
