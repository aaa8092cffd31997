//! Listed supervision (挂牌督办) of hazards.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hazard_domain::RowScope;

use crate::models::{HazardRow, NewEvent, SupervisionRow};
use crate::repo::hazards;
use crate::schema::{hazards as hz, supervisions};
use crate::{DbConnection, InfraError};

/// The active listing of a hazard, if any.
pub fn active_for(conn: &mut DbConnection, hazard_id: &str) -> Result<Option<SupervisionRow>, InfraError> {
    Ok(supervisions::table
        .filter(supervisions::hazard_id.eq(hazard_id))
        .filter(supervisions::status.eq("active"))
        .select(SupervisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Active listings of several hazards (for list views).
pub fn active_for_many(conn: &mut DbConnection, hazard_ids: &[String]) -> Result<Vec<SupervisionRow>, InfraError> {
    Ok(supervisions::table
        .filter(supervisions::hazard_id.eq_any(hazard_ids))
        .filter(supervisions::status.eq("active"))
        .select(SupervisionRow::as_select())
        .load(conn)?)
}

/// Inserts or updates a listing together with its hazard's change and event, in one
/// transaction. A second active listing of the same hazard is a conflict. A new listing
/// marks the hazard as listed for good (挂牌督办率 counts it after lifting too).
pub fn save(
    conn: &mut DbConnection,
    row: &SupervisionRow,
    insert: bool,
    before: &HazardRow,
    after: &HazardRow,
    event: NewEvent,
) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        let mut after = after.clone();
        if insert {
            diesel::insert_into(supervisions::table).values(row).execute(conn)?;
            after.listed = true;
        } else {
            diesel::update(supervisions::table.find(&row.id)).set(row).execute(conn)?;
        }
        hazards::update(conn, before, &after, &[event])?;
        let kind = match (insert, row.status.as_str()) {
            (true, _) => "supervision.listed",
            (false, "lifted") => "supervision.lifted",
            (false, _) => "supervision.escalated",
        };
        let data = serde_json::json!({"supervision_id": row.id, "level": row.level, "deadline": row.deadline});
        crate::repo::outbox::enqueue(conn, kind, &after, Some(data), after.updated_at)
    })
}

/// Filters for the supervision list.
#[derive(Debug, Clone)]
pub struct SupervisionFilter {
    /// active or lifted.
    pub status: Option<String>,
    /// Only this level.
    pub level: Option<String>,
    /// Only hazards of this street.
    pub street: Option<String>,
    /// The rows the caller may see.
    pub scope: RowScope,
    /// Only this supervising department.
    pub department: Option<String>,
    /// Active listings past their deadline on this day.
    pub overdue_on: Option<NaiveDate>,
}

/// A listing with the facts of its hazard shown beside it.
pub type SupervisionWithHazard = (SupervisionRow, HazardRow);

/// Listings by deadline (then id), after `(deadline, id)`.
pub fn list(
    conn: &mut DbConnection,
    filter: &SupervisionFilter,
    after: Option<(NaiveDate, &str)>,
    limit: i64,
) -> Result<Vec<SupervisionWithHazard>, InfraError> {
    let mut query = supervisions::table
        .inner_join(hz::table)
        .select((SupervisionRow::as_select(), HazardRow::as_select()))
        .order((supervisions::deadline, supervisions::id))
        .limit(limit)
        .into_boxed();
    if let Some(s) = &filter.status {
        query = query.filter(supervisions::status.eq(s.clone()));
    }
    if let Some(l) = &filter.level {
        query = query.filter(supervisions::level.eq(l.clone()));
    }
    if let Some(street) = &filter.street {
        query = query.filter(hz::street_code.eq(street.clone()));
    }
    match &filter.scope {
        RowScope::All => {}
        RowScope::Street(s) => query = query.filter(hz::street_code.eq(s.clone())),
        RowScope::Enterprise(e) => query = query.filter(hz::enterprise_id.eq(e.to_string())),
        RowScope::Nothing => return Ok(Vec::new()),
    }
    if let Some(d) = &filter.department {
        query = query.filter(supervisions::department_code.eq(d.clone()));
    }
    if let Some(today) = filter.overdue_on {
        query = query.filter(crate::repo::overdue::supervision(today));
    }
    if let Some((d, id)) = after {
        query = query.filter(
            supervisions::deadline.gt(d).or(supervisions::deadline.eq(d).and(supervisions::id.gt(id.to_owned()))),
        );
    }
    Ok(query.load(conn)?)
}

/// Whether a hazard was ever listed (for 挂牌督办率).
pub fn ever_listed(conn: &mut DbConnection, hazard_id: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(supervisions::table.filter(supervisions::hazard_id.eq(hazard_id))))
        .get_result(conn)?)
}

/// Marks the supervision-overdue event of `id` as recorded for `deadline`; returns whether
/// this call did it (only one replica wins).
pub fn claim_overdue(conn: &mut DbConnection, id: &str, deadline: NaiveDate) -> Result<bool, InfraError> {
    let n = diesel::update(
        supervisions::table
            .find(id)
            .filter(supervisions::overdue_recorded_for.is_null().or(supervisions::overdue_recorded_for.ne(deadline))),
    )
    .set(supervisions::overdue_recorded_for.eq(deadline))
    .execute(conn)?;
    Ok(n == 1)
}

/// Active listings past their deadline on `today` whose passing is not yet recorded.
pub fn newly_overdue(conn: &mut DbConnection, today: NaiveDate, limit: i64) -> Result<Vec<SupervisionRow>, InfraError> {
    Ok(supervisions::table
        .filter(crate::repo::overdue::supervision(today))
        .filter(
            supervisions::overdue_recorded_for
                .is_null()
                .or(supervisions::overdue_recorded_for.ne(supervisions::deadline.nullable())),
        )
        .select(SupervisionRow::as_select())
        .limit(limit)
        .load(conn)?)
}

/// The time a listing was made, for ordering in reports.
pub fn listed_at(row: &SupervisionRow) -> NaiveDateTime {
    row.listed_at
}
