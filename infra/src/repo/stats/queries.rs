//! The raw SQL behind the key figures: one query per source (the monthly rollup, the
//! hazards' filing dates, "overdue now" and inspections), each grouped in the database.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text, Timestamp};
use hazard_domain::kpi::Tally;

use super::{Grouping, Scope};
use crate::repo::month_stats::{CLOSE_BUCKET, TALLY_COLUMNS, TALLY_SUMS};
use crate::repo::sql::{Backend, Placeholders};
use crate::{DbConnection, InfraError};

/// One bucket of days to close of one group, with its counts, from either source.
#[derive(QueryableByName)]
pub(super) struct BucketRow {
    #[diesel(sql_type = Text)]
    pub(super) grp: String,
    #[diesel(sql_type = BigInt)]
    pub(super) bucket: i64,
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
    pub(super) fn tally(&self) -> Tally {
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
/// A count per group.
pub(super) struct GroupCount {
    #[diesel(sql_type = Text)]
    pub(super) grp: String,
    #[diesel(sql_type = BigInt)]
    pub(super) n: i64,
}

/// Where a part of the period is read from.
pub(super) enum Source {
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
pub(super) fn buckets(
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
pub(super) fn overdue(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<Vec<GroupCount>, InfraError> {
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

/// Per group, inspections started in the scope's period (see [`super::inspections`]).
pub(super) fn inspections(
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
