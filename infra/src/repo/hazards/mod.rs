//! Hazards and their timeline. Every change and its event are written in one transaction;
//! updates are guarded by the version the caller read (optimistic concurrency).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::{EventRow, HazardRow, NewEvent};
use crate::repo::changes::{self, ChangeScope};
use crate::repo::prepared::{Prepared, Value};
use crate::repo::{month_stats, outbox};
use crate::schema::{hazard_counters, hazard_events, hazards, users};
use crate::{DbConnection, InfraError};

mod list;
pub use list::{each_listed, list, Cursor, HazardFilter};

#[derive(QueryableByName)]
struct NextCode {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    seq: Option<i64>,
}

/// The next number of `year`. PostgreSQL: the year's sequence `hazard_code_<year>`, made on
/// the year's first filing (a row locked until commit would make every filing in the
/// district wait for the one before it; a rolled-back filing leaves a gap instead).
/// SQLite, one writer at a time: a counter row per year.
fn allocate_code(conn: &mut DbConnection, year: i32) -> Result<i64, InfraError> {
    if matches!(conn, DbConnection::Pg(_)) {
        return allocate_code_pg(conn, year);
    }
    loop {
        let next: Option<i64> = diesel::update(hazard_counters::table.find(year))
            .set(hazard_counters::last_seq.eq(hazard_counters::last_seq + 1))
            .returning(hazard_counters::last_seq)
            .get_result(conn)
            .optional()?;
        if let Some(seq) = next {
            return Ok(seq);
        }
        // In a savepoint: on PostgreSQL a failed statement would otherwise abort the
        // whole transaction, and losing this race is normal (retry the update).
        let inserted = conn
            .transaction(|conn| {
                diesel::insert_into(hazard_counters::table)
                    .values((hazard_counters::year.eq(year), hazard_counters::last_seq.eq(1i64)))
                    .execute(conn)
            })
            .map_err(InfraError::from);
        match inserted {
            Ok(_) => return Ok(1),
            Err(InfraError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
}

fn allocate_code_pg(conn: &mut DbConnection, year: i32) -> Result<i64, InfraError> {
    if !(0..=9999).contains(&year) {
        return Err(InfraError::Config(format!("no hazard codes for the year {year}")));
    }
    let name = format!("hazard_code_{year}");
    for _ in 0..3 {
        // `nextval` only when the sequence exists: a failed statement would abort the
        // filing's transaction.
        let next: NextCode =
            Prepared::new("SELECT CASE WHEN to_regclass($?) IS NOT NULL THEN nextval($?::regclass) END AS seq")
                .bind(Value::Text(&name))
                .bind(Value::Text(&name))
                .get_result(conn)?;
        if let Some(seq) = next.seq {
            return Ok(seq);
        }
        // The year's first filing. In a savepoint: a concurrent first filing may create it
        // first (this one then fails and the next round finds it).
        let _ = conn.transaction(|conn| {
            diesel::sql_query(format!("CREATE SEQUENCE IF NOT EXISTS {name} AS bigint")).execute(conn)
        });
    }
    Err(InfraError::Conflict(format!("could not create the sequence {name}")))
}

/// Files a hazard: allocates its code for `year`, stores it and its `report` event.
/// `row.code` is overwritten; a taken id is a conflict.
pub fn create(
    conn: &mut DbConnection,
    mut row: HazardRow,
    year: i32,
    event: NewEvent,
) -> Result<HazardRow, InfraError> {
    crate::db::write(conn, |conn| {
        let seq = allocate_code(conn, year)?;
        row.code = hazard_domain::hazard::HazardCode { year, seq }.to_string();
        diesel::insert_into(hazards::table).values(&row).execute(conn)?;
        diesel::insert_into(hazard_events::table).values(&event).execute(conn)?;
        let scope = ChangeScope {
            hazard_id: &row.id,
            street_code: &row.street_code,
            enterprise_id: row.enterprise_id.as_deref(),
            prev_street_code: None,
            prev_enterprise_id: None,
        };
        changes::record(conn, &scope, row.updated_at)?;
        outbox::enqueue(conn, "hazard.created", &row, None, row.updated_at)?;
        // Last: a row of the rollup is shared by every filing of its month, street and
        // sector, and stays locked until commit.
        month_stats::record_change(conn, None, &row)?;
        Ok(row)
    })
}

/// One hazard.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<HazardRow>, InfraError> {
    Ok(hazards::table.find(id).select(HazardRow::as_select()).first(conn).optional()?)
}

/// Stores `after` if the stored version is still `before.version`, together with
/// `events`, a change-log entry and the change to the stats rollup. A lost race is a
/// conflict.
pub fn update(
    conn: &mut DbConnection,
    before: &HazardRow,
    after: &HazardRow,
    events: &[NewEvent],
) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        let n = diesel::update(hazards::table.find(&after.id).filter(hazards::version.eq(before.version)))
            .set(after)
            .execute(conn)?;
        if n == 0 {
            return Err(InfraError::Conflict("stale version".into()));
        }
        for event in events {
            diesel::insert_into(hazard_events::table).values(event).execute(conn)?;
        }
        let scope = ChangeScope {
            hazard_id: &after.id,
            street_code: &after.street_code,
            enterprise_id: after.enterprise_id.as_deref(),
            prev_street_code: Some(&before.street_code),
            prev_enterprise_id: before.enterprise_id.as_deref(),
        };
        changes::record(conn, &scope, after.updated_at)?;
        let (kind, data) = if before.status == after.status {
            ("hazard.updated", None)
        } else {
            (
                "hazard.status_changed",
                Some(serde_json::json!({"from_status": before.status, "to_status": after.status})),
            )
        };
        outbox::enqueue(conn, kind, after, data, after.updated_at)?;
        // Last, as in `create`. `before` is what was stored: its version just matched.
        month_stats::record_change(conn, Some(before), after)?;
        Ok(())
    })
}

/// Several hazards by id (for sync pages).
pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<HazardRow>, InfraError> {
    Ok(hazards::table.filter(hazards::id.eq_any(ids)).select(HazardRow::as_select()).load(conn)?)
}

/// A timeline event with the actor's display name.
pub type EventWithActor = (EventRow, Option<String>);

/// The timeline of a hazard, oldest first.
pub fn events(conn: &mut DbConnection, hazard_id: &str) -> Result<Vec<EventWithActor>, InfraError> {
    Ok(hazard_events::table
        .left_join(users::table.on(hazard_events::actor_id.eq(users::id.nullable())))
        .filter(hazard_events::hazard_id.eq(hazard_id))
        .order(hazard_events::id)
        .select((EventRow::as_select(), users::display_name.nullable()))
        .load(conn)?)
}

/// Filters of the Open311 request search.
#[derive(Debug, Default, Clone)]
pub struct Open311Filter {
    /// Only these codes.
    pub codes: Vec<String>,
    /// Only these sectors (service codes); empty for all.
    pub sectors: Vec<String>,
    /// Only these statuses.
    pub statuses: Vec<String>,
    /// Filed at or after.
    pub from: Option<NaiveDateTime>,
    /// Filed at or before.
    pub to: Option<NaiveDateTime>,
    /// Changed after.
    pub updated_after: Option<NaiveDateTime>,
    /// Only this street (street-restricted clients).
    pub street: Option<String>,
}

/// A page of hazards for Open311, newest first.
pub fn open311(
    conn: &mut DbConnection,
    f: &Open311Filter,
    offset: i64,
    limit: i64,
) -> Result<Vec<HazardRow>, InfraError> {
    let mut query = hazards::table
        .select(HazardRow::as_select())
        .order((hazards::created_at.desc(), hazards::id.desc()))
        .offset(offset)
        .limit(limit)
        .into_boxed();
    if !f.codes.is_empty() {
        query = query.filter(hazards::code.eq_any(f.codes.clone()));
    }
    if !f.sectors.is_empty() {
        query = query.filter(hazards::sector.eq_any(f.sectors.clone()));
    }
    if !f.statuses.is_empty() {
        query = query.filter(hazards::status.eq_any(f.statuses.clone()));
    }
    if let Some(t) = f.from {
        query = query.filter(hazards::created_at.ge(t));
    }
    if let Some(t) = f.to {
        query = query.filter(hazards::created_at.le(t));
    }
    if let Some(t) = f.updated_after {
        query = query.filter(hazards::updated_at.gt(t));
    }
    if let Some(s) = &f.street {
        query = query.filter(hazards::street_code.eq(s.clone()));
    }
    Ok(query.load(conn)?)
}
