//! The change log behind offline sync: every change to a hazard gets the next value of a
//! single server-side sequence. The counter row is locked until the writing transaction
//! commits, so sequence order is commit order and a reader can never skip a change that
//! commits later with a smaller number.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hazard_domain::RowScope;

use crate::schema::{change_counter, hazard_changes};
use crate::{DbConnection, InfraError};

/// Where a hazard was before and after a change (for "left your scope" answers).
#[derive(Debug, Clone)]
pub struct ChangeScope<'a> {
    /// The hazard.
    pub hazard_id: &'a str,
    /// Street after the change.
    pub street_code: &'a str,
    /// Enterprise after the change.
    pub enterprise_id: Option<&'a str>,
    /// Street before (None for creation).
    pub prev_street_code: Option<&'a str>,
    /// Enterprise before.
    pub prev_enterprise_id: Option<&'a str>,
}

/// Appends a change; call inside the transaction that makes the change, as late as possible.
pub fn record(conn: &mut DbConnection, scope: &ChangeScope<'_>, now: NaiveDateTime) -> Result<i64, InfraError> {
    let seq: i64 = diesel::update(change_counter::table.find(1))
        .set(change_counter::last_seq.eq(change_counter::last_seq + 1))
        .returning(change_counter::last_seq)
        .get_result(conn)?;
    diesel::insert_into(hazard_changes::table)
        .values((
            hazard_changes::seq.eq(seq),
            hazard_changes::hazard_id.eq(scope.hazard_id),
            hazard_changes::street_code.eq(scope.street_code),
            hazard_changes::enterprise_id.eq(scope.enterprise_id),
            hazard_changes::prev_street_code.eq(scope.prev_street_code),
            hazard_changes::prev_enterprise_id.eq(scope.prev_enterprise_id),
            hazard_changes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// Hazards changed after `after` that were in `scope` before or after the change, each
/// once with its latest sequence number, oldest change first.
pub fn since(
    conn: &mut DbConnection,
    scope: &RowScope,
    after: i64,
    limit: i64,
) -> Result<Vec<(String, i64)>, InfraError> {
    let mut query = hazard_changes::table
        .filter(hazard_changes::seq.gt(after))
        .group_by(hazard_changes::hazard_id)
        .select((hazard_changes::hazard_id, diesel::dsl::max(hazard_changes::seq)))
        .order(diesel::dsl::max(hazard_changes::seq))
        .limit(limit)
        .into_boxed();
    match scope {
        RowScope::All => {}
        RowScope::Nothing => return Ok(Vec::new()),
        RowScope::Street(s) => {
            query = query
                .filter(hazard_changes::street_code.eq(s.clone()).or(hazard_changes::prev_street_code.eq(s.clone())))
        }
        RowScope::Enterprise(e) => {
            let e = e.to_string();
            query =
                query.filter(hazard_changes::enterprise_id.eq(e.clone()).or(hazard_changes::prev_enterprise_id.eq(e)))
        }
    }
    let rows: Vec<(String, Option<i64>)> = query.load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, seq)| seq.map(|s| (id, s))).collect())
}
