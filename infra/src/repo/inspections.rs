//! Inspections (检查) and the hazards found in them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hazard_domain::RowScope;

use crate::models::InspectionRow;
use crate::schema::{hazards, inspections, users};
use crate::{DbConnection, InfraError};

/// Records an inspection; a code collision (vanishingly rare) is a conflict to retry. The
/// insert is its own savepoint when a transaction is open (a keyed request's), because
/// PostgreSQL aborts the whole transaction on a failed statement: the retry with a fresh
/// code would fail with it.
pub fn insert(conn: &mut DbConnection, row: &InspectionRow) -> Result<(), InfraError> {
    crate::db::transaction(conn, |c| {
        diesel::insert_into(inspections::table).values(row).execute(c)?;
        Ok(())
    })
}

/// One inspection by id.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<InspectionRow>, InfraError> {
    Ok(inspections::table.find(id).select(InspectionRow::as_select()).first(conn).optional()?)
}

/// One inspection by its public code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> Result<Option<InspectionRow>, InfraError> {
    Ok(inspections::table
        .filter(inspections::code.eq(code))
        .select(InspectionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Marks it finished at `at` unless it already is; returns whether this call finished it.
pub fn finish(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<bool, InfraError> {
    let n = diesel::update(inspections::table.find(id).filter(inspections::finished_at.is_null()))
        .set((inspections::finished_at.eq(at), inspections::updated_at.eq(at)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Filters for the inspection list.
#[derive(Debug, Clone)]
pub struct InspectionFilter {
    /// Only this street.
    pub street: Option<String>,
    /// The rows the caller may see.
    pub scope: RowScope,
    /// Only this enterprise.
    pub enterprise: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// `Some(true)`: finished only; `Some(false)`: still running.
    pub finished: Option<bool>,
}

/// A page of inspections, newest start first, after `(started_at, id)`.
pub fn list(
    conn: &mut DbConnection,
    filter: &InspectionFilter,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<InspectionRow>, InfraError> {
    let mut query = inspections::table
        .select(InspectionRow::as_select())
        .order((inspections::started_at.desc(), inspections::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(street) = &filter.street {
        query = query.filter(inspections::street_code.eq(street.clone()));
    }
    match &filter.scope {
        RowScope::All => {}
        RowScope::Street(s) => query = query.filter(inspections::street_code.eq(s.clone())),
        RowScope::Enterprise(e) => query = query.filter(inspections::enterprise_id.eq(e.to_string())),
        RowScope::Nothing => return Ok(Vec::new()),
    }
    if let Some(e) = &filter.enterprise {
        query = query.filter(inspections::enterprise_id.eq(e.clone()));
    }
    if let Some(k) = &filter.kind {
        query = query.filter(inspections::kind.eq(k.clone()));
    }
    match filter.finished {
        Some(true) => query = query.filter(inspections::finished_at.is_not_null()),
        Some(false) => query = query.filter(inspections::finished_at.is_null()),
        None => {}
    }
    if let Some((t, id)) = after {
        query = query.filter(
            inspections::started_at.lt(t).or(inspections::started_at.eq(t).and(inspections::id.lt(id.to_owned()))),
        );
    }
    Ok(query.load(conn)?)
}

/// How many hazards were found in an inspection.
pub fn hazard_count(conn: &mut DbConnection, id: &str) -> Result<i64, InfraError> {
    Ok(hazards::table.filter(hazards::inspection_id.eq(id)).count().get_result(conn)?)
}

/// Display names of accounts, in the order asked (unknown ids are skipped).
pub fn names(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, String)>, InfraError> {
    let found: Vec<(String, String)> =
        users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)?;
    Ok(ids.iter().filter_map(|id| found.iter().find(|(i, _)| i == id).cloned()).collect())
}

/// Which of these account ids exist and are active staff (inspectors or supervisors).
pub fn staff_ids(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, InfraError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .filter(users::role.eq_any(["inspector", "supervisor"]))
        .select(users::id)
        .load(conn)?)
}
