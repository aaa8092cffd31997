//! The plan's key figures, computed by the database, never by loading hazards: whole
//! months of a period are read from the monthly rollup ([`super::month_stats`]), the odd
//! days at either end from an index over the filing date, and "overdue now" from a
//! partial index of hazards under rectification.

mod queries;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hazard_domain::kpi::{median_of_histogram, PeriodSplit, Tally, NOT_CLOSED};

use crate::{DbConnection, InfraError};
use queries::{buckets, overdue, Source};

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

/// The hazard figures of a scope per group (groups without hazards are absent): whole
/// months from the rollup, odd days from the hazards, merged per bucket of days to close
/// (which also yields the median).
pub fn hazard_figures(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, HazardFigures>, InfraError> {
    custom_plans(conn, |conn| {
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
    })
}

/// Per group, inspections started in the scope's period (street: the inspection's;
/// sector: the inspected enterprise's, empty for a site without one).
pub fn inspections(
    conn: &mut DbConnection,
    scope: &Scope,
    grouping: Grouping,
) -> Result<BTreeMap<String, i64>, InfraError> {
    custom_plans(conn, |conn| queries::inspections(conn, scope, grouping))
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
