//! Deadline bookkeeping for the background job: overdue hazards and reminders, each
//! recorded exactly once per deadline even with several replicas running the job (the
//! claiming UPDATE succeeds for one of them only, and the event is written in the same
//! transaction).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::models::{HazardRow, NewEvent};
use crate::repo::changes::{self, ChangeScope};
use crate::schema::{hazard_events, hazards};
use crate::{DbConnection, InfraError};

/// Hazards under rectification past their deadline on `today` without a recorded `overdue`.
pub fn newly_overdue(conn: &mut DbConnection, today: NaiveDate, limit: i64) -> Result<Vec<HazardRow>, InfraError> {
    Ok(hazards::table
        .filter(crate::repo::overdue::hazard(today))
        .filter(hazards::overdue_recorded_for.is_null().or(hazards::overdue_recorded_for.ne(hazards::deadline)))
        .select(HazardRow::as_select())
        .limit(limit)
        .load(conn)?)
}

/// Hazards under rectification due between `today` and `until` without a reminder yet.
pub fn due_soon(
    conn: &mut DbConnection,
    today: NaiveDate,
    until: NaiveDate,
    limit: i64,
) -> Result<Vec<HazardRow>, InfraError> {
    Ok(hazards::table
        .filter(hazards::status.eq("rectifying"))
        .filter(hazards::deadline.ge(today))
        .filter(hazards::deadline.le(until))
        .filter(hazards::reminded_for.is_null().or(hazards::reminded_for.ne(hazards::deadline)))
        .select(HazardRow::as_select())
        .limit(limit)
        .load(conn)?)
}

/// Which mark a job run sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `overdue_recorded_for`.
    Overdue,
    /// `reminded_for`.
    Reminder,
}

/// Records `event` for `hazard` unless another run already did for this deadline.
/// Returns whether this call recorded it.
pub fn record_once(
    conn: &mut DbConnection,
    hazard: &HazardRow,
    deadline: NaiveDate,
    mark: Mark,
    event: &NewEvent,
    now: NaiveDateTime,
) -> Result<bool, InfraError> {
    crate::db::write(conn, |conn| {
        let target = hazards::table.find(&hazard.id).filter(hazards::deadline.eq(deadline));
        let n = match mark {
            Mark::Overdue => diesel::update(
                target.filter(hazards::overdue_recorded_for.is_null().or(hazards::overdue_recorded_for.ne(deadline))),
            )
            .set(hazards::overdue_recorded_for.eq(deadline))
            .execute(conn)?,
            Mark::Reminder => {
                diesel::update(target.filter(hazards::reminded_for.is_null().or(hazards::reminded_for.ne(deadline))))
                    .set(hazards::reminded_for.eq(deadline))
                    .execute(conn)?
            }
        };
        if n == 0 {
            return Ok(false);
        }
        diesel::insert_into(hazard_events::table).values(event).execute(conn)?;
        let scope = ChangeScope {
            hazard_id: &hazard.id,
            street_code: &hazard.street_code,
            enterprise_id: hazard.enterprise_id.as_deref(),
            prev_street_code: Some(&hazard.street_code),
            prev_enterprise_id: hazard.enterprise_id.as_deref(),
        };
        changes::record(conn, &scope, now)?;
        if mark == Mark::Overdue {
            let data = serde_json::json!({"deadline": deadline});
            crate::repo::outbox::enqueue_stored(
                conn,
                "hazard.overdue",
                &hazard.id,
                &hazard.street_code,
                Some(data),
                now,
            )?;
        }
        Ok(true)
    })
}

/// Records a supervision-overdue event once per supervision deadline.
pub fn record_supervision_overdue(
    conn: &mut DbConnection,
    supervision_id: &str,
    deadline: NaiveDate,
    event: &NewEvent,
) -> Result<bool, InfraError> {
    crate::db::write(conn, |conn| {
        if !crate::repo::supervisions::claim_overdue(conn, supervision_id, deadline)? {
            return Ok(false);
        }
        diesel::insert_into(hazard_events::table).values(event).execute(conn)?;
        Ok(true)
    })
}
