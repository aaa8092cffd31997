//! The plan's key figures, computed by the database, never by loading hazards: whole
//! months of a period are read from the monthly rollup ([`super::month_stats`]), the odd
//! days at either end from an index over the filing date, and "overdue now" from a
//! partial index of hazards under rectification.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text, Timestamp};
use hazard_domain::kpi::{median_of_histogram, PeriodSplit, Tally, NOT_CLOSED};

use crate::repo::month_stats::{CLOSE_BUCKET, TALLY_COLUMNS, TALLY_SUMS};
use crate::repo::sql::{Backend, Placeholders};
use crate::{DbConnection, InfraError};

/// Which hazards a figure counts.
#[derive(Debug, Clone)]
pub struct Scope {
    /// First district date of the period.
    pub from: NaiveDate,
    /// Last district date of the period (included).
    pub to: NaiveDate,
    /// The period's start as a UTC instant (for inspections).
    pub from_utc: NaiveDateTime,
    /// The instant after the period's end, UTC.
    pub to_utc: NaiveDateTime,
    /// Only this street.
    pub street: Option<String>,
    /// Only this sector.
    pub sector: Option<String>,
    /// The district date, for "overdue now".
    pub today: NaiveDate,
}

/// The hazard figures of a scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HazardFigures {
    /// The counts.
    pub tally: Tally,
    /// Found in the period and overdue today.
    pub overdue: i64,
    /// Median whole days from filing to closing of the period's closed hazards.
    pub median_close_days: Option<f64>,
}

/// One bucket of days to close with its counts, from either source.
#[derive(QueryableByName)]
struct BucketRow {
    #[diesel(sql_type = BigInt)]
    bucket: i64,
    #[diesel(sql_type = BigInt)]
    found: i64,
    #[diesel(sql_type = BigInt)]
    found_major: i64,
    #[diesel(sql_type = BigInt)]
    closed: i64,
    #[diesel(sql_type = BigInt)]
    major_closed: i64,
    #[diesel(sql_type = BigInt)]
    open: i64,
    #[diesel(sql_type = BigInt)]
    in_inspections: i64,
    #[diesel(sql_type = BigInt)]
    major_in_inspections: i64,
    #[diesel(sql_type = BigInt)]
    major_listed: i64,
    #[diesel(sql_type = BigInt)]
    major_enforced: i64,
    #[diesel(sql_type = BigInt)]
    self_found: i64,
    #[diesel(sql_type = BigInt)]
    self_closed: i64,
}

impl BucketRow {
    fn tally(&self) -> Tally {
        Tally::from_array([
            self.found,
            self.found_major,
            self.closed,
            self.major_closed,
            self.open,
            self.in_inspections,
            self.major_in_inspections,
            self.major_listed,
            self.major_enforced,
            self.self_found,
            self.self_closed,
        ])
    }
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Where a part of the period is read from.
enum Source {
    /// The rollup, months `[first, last]` (first days of months).
    Months(NaiveDate, NaiveDate),
    /// The hazards, filing dates `[first, last]`.
    Days(NaiveDate, NaiveDate),
}

/// Per-bucket counts of one part of the period, grouped by days to close.
fn buckets(conn: &mut DbConnection, scope: &Scope, source: &Source) -> Result<Vec<BucketRow>, InfraError> {
    let mut p = Placeholders::new(conn);
    let (from, to) = (p.param(), p.param());
    let mut sql = match source {
        Source::Months(..) => format!(
            "SELECT CAST(close_days AS BIGINT) AS bucket, {} FROM hazard_month_stats WHERE month >= {from} AND month <= {to}",
            TALLY_COLUMNS.map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).join(", ")
        ),
        Source::Days(..) => format!(
            "SELECT CAST({CLOSE_BUCKET} AS BIGINT) AS bucket, {} FROM hazards \
             WHERE filed_on >= {from} AND filed_on <= {to} AND status <> 'invalid'",
            TALLY_SUMS.iter().zip(TALLY_COLUMNS).map(|(s, c)| format!("CAST({s} AS BIGINT) AS {c}")).collect::<Vec<_>>().join(", ")
        ),
    };
    if scope.street.is_some() {
        sql.push_str(&format!(" AND street_code = {}", p.param()));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(" AND sector = {}", p.param()));
    }
    sql.push_str(" GROUP BY 1");
    let (first, last) = match source {
        Source::Months(a, b) | Source::Days(a, b) => (*a, *b),
    };
    let mut query = diesel::sql_query(sql).into_boxed::<Backend>().bind::<Date, _>(first).bind::<Date, _>(last);
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    Ok(query.load::<BucketRow>(conn)?)
}

/// Hazards filed in the period that are under rectification past their deadline today.
fn overdue(conn: &mut DbConnection, scope: &Scope) -> Result<i64, InfraError> {
    let mut p = Placeholders::new(conn);
    let (today, from, to) = (p.param(), p.param(), p.param());
    let mut sql = format!(
        "SELECT COUNT(*) AS n FROM hazards WHERE status = 'rectifying' AND deadline < {today} \
         AND filed_on >= {from} AND filed_on <= {to}"
    );
    if scope.street.is_some() {
        sql.push_str(&format!(" AND street_code = {}", p.param()));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(" AND sector = {}", p.param()));
    }
    let mut query = diesel::sql_query(sql)
        .into_boxed::<Backend>()
        .bind::<Date, _>(scope.today)
        .bind::<Date, _>(scope.from)
        .bind::<Date, _>(scope.to);
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    Ok(query.get_result::<One>(conn)?.n)
}

/// The hazard figures of a scope: whole months from the rollup, odd days from the
/// hazards, merged per bucket of days to close (which also yields the median).
pub fn hazard_figures(conn: &mut DbConnection, scope: &Scope) -> Result<HazardFigures, InfraError> {
    let split = PeriodSplit::of(scope.from, scope.to);
    let sources = [
        split.head.map(|(a, b)| Source::Days(a, b)),
        split.months.map(|(a, b)| Source::Months(a, b)),
        split.tail.map(|(a, b)| Source::Days(a, b)),
    ];
    let mut tally = Tally::default();
    let mut histogram = BTreeMap::new();
    for source in sources.iter().flatten() {
        for row in buckets(conn, scope, source)? {
            let t = row.tally();
            tally += t;
            if row.bucket != NOT_CLOSED {
                *histogram.entry(row.bucket).or_insert(0) += t.closed;
            }
        }
    }
    Ok(HazardFigures { tally, overdue: overdue(conn, scope)?, median_close_days: median_of_histogram(&histogram) })
}

/// Inspections started in the scope's period (street: the inspection's; sector: the
/// inspected enterprise's).
pub fn inspections(conn: &mut DbConnection, scope: &Scope) -> Result<i64, InfraError> {
    let mut p = Placeholders::new(conn);
    let (from, to) = (p.param(), p.param());
    let mut sql =
        format!("SELECT COUNT(*) AS n FROM inspections i WHERE i.started_at >= {from} AND i.started_at < {to}");
    if scope.street.is_some() {
        sql.push_str(&format!(" AND i.street_code = {}", p.param()));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(
            " AND i.enterprise_id IN (SELECT e.id FROM enterprises e WHERE e.sector = {})",
            p.param()
        ));
    }
    let mut query = diesel::sql_query(sql)
        .into_boxed::<Backend>()
        .bind::<Timestamp, _>(scope.from_utc)
        .bind::<Timestamp, _>(scope.to_utc);
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    Ok(query.get_result::<One>(conn)?.n)
}
