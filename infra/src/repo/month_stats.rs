//! The monthly stats rollup (`hazard_month_stats`): sums of what each hazard counts for
//! in the key figures, per month filed, street, sector and whole days to close. Every
//! hazard write changes the sums in its own transaction, so a year's figures read a few
//! thousand rows instead of a million hazards and are never stale.

use std::sync::LazyLock;

use chrono::NaiveDate;
use diesel::prelude::*;
use hazard_domain::kpi::{period::month_start, HazardFacts, Tally};

use crate::models::HazardRow;
use crate::repo::prepared::{Prepared, Value, BIND};
use crate::repo::sql;
use crate::{DbConnection, InfraError};

/// The columns of a tally, in [`Tally::to_array`] order.
pub const TALLY_COLUMNS: [&str; 11] = [
    "found",
    "found_major",
    "closed",
    "major_closed",
    "open",
    "in_inspections",
    "major_in_inspections",
    "major_listed",
    "major_enforced",
    "self_found",
    "self_closed",
];

/// The same counts, computed from `hazards` rows in SQL; must agree with [`Tally::of`]
/// (the rebuild test holds them to it). In [`TALLY_COLUMNS`] order.
pub const TALLY_SUMS: [&str; 11] = [
    "COUNT(*)",
    "SUM(CASE WHEN grade = 'major' THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN grade = 'major' AND status = 'closed' THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN status IN ('reported', 'rectifying', 'pending_review') THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN inspection_id IS NOT NULL THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN inspection_id IS NOT NULL AND grade = 'major' THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN grade = 'major' AND listed THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN grade = 'major' AND enforced THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN source = 'self_check' THEN 1 ELSE 0 END)",
    "SUM(CASE WHEN source = 'self_check' AND status = 'closed' THEN 1 ELSE 0 END)",
];

/// The days-to-close bucket of a `hazards` row in SQL; agrees with
/// [`HazardFacts::close_bucket`].
pub const CLOSE_BUCKET: &str = "CASE WHEN status = 'closed' AND close_days IS NOT NULL THEN close_days ELSE -1 END";

/// Which row of the rollup a hazard is counted in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    month: NaiveDate,
    street_code: String,
    sector: String,
    close_bucket: i64,
}

fn parse<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, InfraError> {
    value.parse().map_err(|_| InfraError::Corrupt(format!("unknown hazard {what} `{value}`")))
}

/// The facts of a stored hazard that the figures depend on.
pub fn facts(row: &HazardRow) -> Result<HazardFacts, InfraError> {
    Ok(HazardFacts {
        grade: parse(&row.grade, "grade")?,
        status: parse(&row.status, "status")?,
        source: parse(&row.source, "source")?,
        from_inspection: row.inspection_id.is_some(),
        listed: row.listed,
        enforced: row.enforced,
        close_days: row.close_days,
    })
}

fn entry(row: &HazardRow) -> Result<(Key, Tally), InfraError> {
    let facts = facts(row)?;
    let key = Key {
        month: month_start(row.filed_on),
        street_code: row.street_code.clone(),
        sector: row.sector.clone(),
        close_bucket: facts.close_bucket(),
    };
    Ok((key, Tally::of(&facts)))
}

/// Moves the sums from what `before` counted for (nothing, for a new hazard) to what
/// `after` counts for. Call inside the transaction that writes `after`. Rows are touched
/// in key order, so two concurrent changes cannot lock them in opposite orders.
pub fn record_change(conn: &mut DbConnection, before: Option<&HazardRow>, after: &HazardRow) -> Result<(), InfraError> {
    let mut deltas: Vec<(Key, Tally)> = Vec::with_capacity(2);
    if let Some(before) = before {
        let (key, tally) = entry(before)?;
        deltas.push((key, -tally));
    }
    let (key, tally) = entry(after)?;
    match deltas.first_mut() {
        Some((k, t)) if *k == key => *t += tally,
        _ => deltas.push((key, tally)),
    }
    deltas.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, tally) in deltas.into_iter().filter(|(_, t)| !t.is_zero()) {
        add(conn, &key, tally)?;
    }
    Ok(())
}

/// The rollup's upsert, written once.
static ADD: LazyLock<String> = LazyLock::new(|| {
    let keys = [BIND; 4].join(", ");
    let values = vec![BIND; TALLY_COLUMNS.len()].join(", ");
    let sums = TALLY_COLUMNS.iter().map(|c| format!("{c} = hazard_month_stats.{c} + excluded.{c}")).collect::<Vec<_>>();
    format!(
        "INSERT INTO hazard_month_stats (month, street_code, sector, close_days, {}) VALUES ({keys}, {values}) \
         ON CONFLICT (month, street_code, sector, close_days) DO UPDATE SET {}",
        TALLY_COLUMNS.join(", "),
        sums.join(", ")
    )
});

fn add(conn: &mut DbConnection, key: &Key, tally: Tally) -> Result<(), InfraError> {
    let bucket = i32::try_from(key.close_bucket).map_err(|_| InfraError::Corrupt("close days out of range".into()))?;
    let mut query = Prepared::new(&ADD)
        .bind(Value::Date(key.month))
        .bind(Value::Text(&key.street_code))
        .bind(Value::Text(&key.sector))
        .bind(Value::Integer(bucket));
    for v in tally.to_array() {
        query = query.bind(Value::BigInt(v));
    }
    query.execute(conn)?;
    Ok(())
}

/// Recomputes the whole rollup from the hazards, in one transaction: for data loaded
/// around the API (bulk imports, the benchmark) and as a repair tool. Returns the
/// number of rollup rows.
pub fn rebuild(conn: &mut DbConnection) -> Result<usize, InfraError> {
    let month = if sql::is_pg(conn) {
        "CAST(date_trunc('month', filed_on) AS DATE)"
    } else {
        "date(filed_on, 'start of month')"
    };
    let statement = format!(
        "INSERT INTO hazard_month_stats (month, street_code, sector, close_days, {}) \
         SELECT {month}, street_code, sector, {CLOSE_BUCKET}, {} FROM hazards WHERE status <> 'invalid' \
         GROUP BY 1, 2, 3, 4",
        TALLY_COLUMNS.join(", "),
        TALLY_SUMS.join(", ")
    );
    crate::db::write(conn, |conn| {
        diesel::sql_query("DELETE FROM hazard_month_stats").execute(conn)?;
        Ok(diesel::sql_query(statement).execute(conn)?)
    })
}
