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

/// What the figures are split by: each query groups by it in the database, so a table
/// of ten streets costs about as much as the district's single row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// One group, keyed by the empty string.
    All,
    /// One group per street code (streets without hazards are absent).
    Street,
    /// One group per sector code (sectors without hazards are absent).
    Sector,
}

impl Grouping {
    /// The group expression over `hazards` and `hazard_month_stats`.
    fn column(self) -> &'static str {
        match self {
            Grouping::All => "''",
            Grouping::Street => "street_code",
            Grouping::Sector => "sector",
        }
    }

    /// `GROUP BY` for a select list that starts with the group: by the group and then
    /// `more` further columns. The constant group of [`Grouping::All`] is left out: SQLite
    /// would sort every row by it.
    fn group_by(self, more: usize) -> String {
        let first = if self == Grouping::All { 2 } else { 1 };
        let columns: Vec<String> = (first..=1 + more).map(|i| i.to_string()).collect();
        if columns.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", columns.join(", "))
        }
    }
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

/// One bucket of days to close of one group, with its counts, from either source.
#[derive(QueryableByName)]
struct BucketRow {
    #[diesel(sql_type = Text)]
    grp: String,
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
struct GroupCount {
    #[diesel(sql_type = Text)]
    grp: String,
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

/// The boxed raw query all figures are read with.
type Query<'a> = diesel::query_builder::BoxedSqlQuery<'a, Backend, diesel::query_builder::SqlQuery>;

/// The scope's street and sector conditions, `street` and `sector` being the SQL
/// expressions compared; bind them with [`bind_scope`] after the leading parameters.
fn scope_filters(p: &mut Placeholders, scope: &Scope, street: &str, sector: &str) -> String {
    let mut sql = String::new();
    if scope.street.is_some() {
        sql.push_str(&format!(" AND {street} = {}", p.param()));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(" AND {sector} = {}", p.param()));
    }
    sql
}

fn bind_scope<'a>(mut query: Query<'a>, scope: &Scope) -> Query<'a> {
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    query
}

/// Per-bucket counts of one part of the period, grouped by `grouping` and days to close.
fn buckets(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
    source: &Source,
) -> Result<Vec<BucketRow>, InfraError> {
    let mut p = Placeholders::new(conn);
    let (from, to) = (p.param(), p.param());
    let grp = grouping.column();
    let mut sql = match source {
        Source::Months(..) => format!(
            "SELECT {grp} AS grp, CAST(close_days AS BIGINT) AS bucket, {} FROM hazard_month_stats \
             WHERE month >= {from} AND month <= {to}",
            TALLY_COLUMNS.map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).join(", ")
        ),
        Source::Days(..) => format!(
            "SELECT {grp} AS grp, CAST({CLOSE_BUCKET} AS BIGINT) AS bucket, {} FROM hazards \
             WHERE filed_on >= {from} AND filed_on <= {to} AND status <> 'invalid'",
            TALLY_SUMS
                .iter()
                .zip(TALLY_COLUMNS)
                .map(|(s, c)| format!("CAST({s} AS BIGINT) AS {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    sql.push_str(&scope_filters(&mut p, scope, "street_code", "sector"));
    sql.push_str(&grouping.group_by(1));
    let (first, last) = match source {
        Source::Months(a, b) | Source::Days(a, b) => (*a, *b),
    };
    let query = diesel::sql_query(sql).into_boxed::<Backend>().bind::<Date, _>(first).bind::<Date, _>(last);
    Ok(bind_scope(query, scope).load::<BucketRow>(conn)?)
}

/// Per group, hazards filed in the period that are under rectification past their
/// deadline today.
fn overdue(conn: &mut DbConnection, scope: &Scope, grouping: Grouping) -> Result<Vec<GroupCount>, InfraError> {
    let mut p = Placeholders::new(conn);
    let (today, from, to) = (p.param(), p.param(), p.param());
    let mut sql = format!(
        "SELECT {} AS grp, COUNT(*) AS n FROM hazards WHERE {} AND filed_on >= {from} AND filed_on <= {to}",
        grouping.column(),
        crate::repo::overdue::hazard_sql(&today),
    );
    sql.push_str(&scope_filters(&mut p, scope, "street_code", "sector"));
    sql.push_str(&grouping.group_by(0));
    let query = diesel::sql_query(sql)
        .into_boxed::<Backend>()
        .bind::<Date, _>(scope.today)
        .bind::<Date, _>(scope.from)
        .bind::<Date, _>(scope.to);
    Ok(bind_scope(query, scope).load::<GroupCount>(conn)?)
}

/// The hazard figures of a scope per group (groups without hazards are absent): whole
/// months from the rollup, odd days from the hazards, merged per bucket of days to close
/// (which also yields the median).
pub fn hazard_figures(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, HazardFigures>, InfraError> {
    custom_plans(conn, |conn| hazard_figures_now(conn, scope, grouping))
}

/// Runs the key-figure queries of `f` with plans made for each execution's own street and
/// period: a generic plan of a prepared aggregate ignores them. (Set for these reads only:
/// the short, frequent reads, such as the hazard list, keep their cached generic plans.)
fn custom_plans<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, InfraError>,
) -> Result<T, InfraError> {
    if !matches!(conn, DbConnection::Pg(_)) {
        return f(conn);
    }
    conn.transaction(|conn| {
        diesel::connection::SimpleConnection::batch_execute(conn, "SET LOCAL plan_cache_mode = force_custom_plan")?;
        f(conn)
    })
}

fn hazard_figures_now(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, HazardFigures>, InfraError> {
    let split = PeriodSplit::of(scope.from, scope.to);
    let sources = [
        split.head.map(|(a, b)| Source::Days(a, b)),
        split.months.map(|(a, b)| Source::Months(a, b)),
        split.tail.map(|(a, b)| Source::Days(a, b)),
    ];
    let mut groups: BTreeMap<String, (HazardFigures, BTreeMap<i64, i64>)> = BTreeMap::new();
    for source in sources.iter().flatten() {
        for row in buckets(conn, scope, grouping, source)? {
            let t = row.tally();
            let (figures, histogram) = groups.entry(row.grp.clone()).or_default();
            figures.tally += t;
            if row.bucket != NOT_CLOSED {
                *histogram.entry(row.bucket).or_insert(0) += t.closed;
            }
        }
    }
    for row in overdue(conn, scope, grouping)? {
        groups.entry(row.grp).or_default().0.overdue = row.n;
    }
    Ok(groups
        .into_iter()
        .map(|(grp, (mut figures, histogram))| {
            figures.median_close_days = median_of_histogram(&histogram);
            (grp, figures)
        })
        .collect())
}

/// Per group, inspections started in the scope's period (street: the inspection's;
/// sector: the inspected enterprise's, empty for a site without one).
pub fn inspections(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, i64>, InfraError> {
    custom_plans(conn, |conn| inspections_now(conn, scope, grouping))
}

fn inspections_now(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, i64>, InfraError> {
    let mut p = Placeholders::new(conn);
    let (from, to) = (p.param(), p.param());
    let grp = match grouping {
        Grouping::All => "''",
        Grouping::Street => "i.street_code",
        Grouping::Sector => "COALESCE(e.sector, '')",
    };
    let mut sql = format!(
        "SELECT {grp} AS grp, COUNT(*) AS n FROM inspections i LEFT JOIN enterprises e ON e.id = i.enterprise_id \
         WHERE i.started_at >= {from} AND i.started_at < {to}"
    );
    sql.push_str(&scope_filters(&mut p, scope, "i.street_code", "e.sector"));
    sql.push_str(&grouping.group_by(0));
    let query = diesel::sql_query(sql)
        .into_boxed::<Backend>()
        .bind::<Timestamp, _>(scope.from_utc)
        .bind::<Timestamp, _>(scope.to_utc);
    Ok(bind_scope(query, scope).load::<GroupCount>(conn)?.into_iter().map(|g| (g.grp, g.n)).collect())
}

#[cfg(test)]
mod tests {
    use super::Grouping;

    #[test]
    fn the_constant_group_is_not_grouped_by() {
        assert_eq!(Grouping::All.group_by(0), "");
        assert_eq!(Grouping::All.group_by(1), " GROUP BY 2");
        assert_eq!(Grouping::Street.group_by(0), " GROUP BY 1");
        assert_eq!(Grouping::Sector.group_by(1), " GROUP BY 1, 2");
    }
}
