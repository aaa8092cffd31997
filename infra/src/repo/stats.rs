//! The plan's key figures, computed by the database in one pass over the period's
//! hazards (conditional sums over an indexed range), never by loading hazards.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Double, Nullable, Text, Timestamp};

use crate::schema::hazards;
use crate::{DbConnection, InfraError};

/// Which hazards a figure counts.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Filed at or after (UTC).
    pub from: NaiveDateTime,
    /// Filed before (UTC).
    pub to: NaiveDateTime,
    /// Only this street.
    pub street: Option<String>,
    /// Only this sector.
    pub sector: Option<String>,
    /// The district date, for "overdue now".
    pub today: NaiveDate,
}

/// The raw counts behind the figures.
#[derive(Debug, Clone, Default, PartialEq, QueryableByName)]
pub struct Counts {
    /// Hazards found (not invalid).
    #[diesel(sql_type = BigInt)]
    pub found: i64,
    /// Of which major.
    #[diesel(sql_type = BigInt)]
    pub found_major: i64,
    /// Found and closed.
    #[diesel(sql_type = BigInt)]
    pub closed: i64,
    /// Major, found and closed.
    #[diesel(sql_type = BigInt)]
    pub major_closed: i64,
    /// Found and still open.
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    /// Found and overdue today.
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
    /// Found in inspections.
    #[diesel(sql_type = BigInt)]
    pub in_inspections: i64,
    /// Major, found in inspections.
    #[diesel(sql_type = BigInt)]
    pub major_in_inspections: i64,
    /// Major and ever listed for supervision.
    #[diesel(sql_type = BigInt)]
    pub major_listed: i64,
    /// Major whose case drew an interview or a warning notice.
    #[diesel(sql_type = BigInt)]
    pub major_enforced: i64,
    /// Found by enterprise self-inspection.
    #[diesel(sql_type = BigInt)]
    pub self_found: i64,
    /// Self-inspection finds that were closed.
    #[diesel(sql_type = BigInt)]
    pub self_closed: i64,
    /// Median days to close, when the database computed it in the same pass.
    #[diesel(sql_type = Nullable<Double>)]
    pub median_close_days: Option<f64>,
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn placeholder(conn: &DbConnection, i: usize) -> String {
    match conn {
        DbConnection::Pg(_) => format!("${i}"),
        DbConnection::Sqlite(_) => "?".to_owned(),
    }
}

type Backend = <DbConnection as diesel::Connection>::Backend;

/// The hazard counts for a scope.
pub fn counts(conn: &mut DbConnection, scope: &Scope) -> Result<Counts, InfraError> {
    let mut n = 0;
    let mut next = |c: &DbConnection| {
        n += 1;
        placeholder(c, n)
    };
    let (p_today, p_from, p_to) = (next(conn), next(conn), next(conn));
    // PostgreSQL: hash-join the (small) sets of listed and enforced hazards, and take the
    // median in the same pass. SQLite: per-row EXISTS probes (only for major hazards, as
    // its AND short-circuits) and the median by a separate, index-ordered read.
    let (listed, enforced, median, joins) = match conn {
        DbConnection::Pg(_) => (
            "ls.hazard_id IS NOT NULL",
            "en.hazard_id IS NOT NULL",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY h.close_days) FILTER (WHERE h.status = 'closed')",
            "LEFT JOIN (SELECT DISTINCT hazard_id FROM supervisions) ls ON ls.hazard_id = h.id \
             LEFT JOIN (SELECT DISTINCT hazard_id FROM enforcement_actions WHERE kind IN ('interview', 'warning_notice')) en \
             ON en.hazard_id = h.id",
        ),
        DbConnection::Sqlite(_) => (
            "EXISTS (SELECT 1 FROM supervisions s WHERE s.hazard_id = h.id)",
            "EXISTS (SELECT 1 FROM enforcement_actions e WHERE e.hazard_id = h.id AND e.kind IN ('interview', 'warning_notice'))",
            "CAST(NULL AS REAL)",
            "",
        ),
    };
    let mut sql = format!(
        "SELECT COUNT(*) AS found,
           COALESCE(SUM(CASE WHEN h.grade = 'major' THEN 1 ELSE 0 END), 0) AS found_major,
           COALESCE(SUM(CASE WHEN h.status = 'closed' THEN 1 ELSE 0 END), 0) AS closed,
           COALESCE(SUM(CASE WHEN h.grade = 'major' AND h.status = 'closed' THEN 1 ELSE 0 END), 0) AS major_closed,
           COALESCE(SUM(CASE WHEN h.status IN ('reported', 'rectifying', 'pending_review') THEN 1 ELSE 0 END), 0) AS open,
           COALESCE(SUM(CASE WHEN h.status = 'rectifying' AND h.deadline < {p_today} THEN 1 ELSE 0 END), 0) AS overdue,
           COALESCE(SUM(CASE WHEN h.inspection_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS in_inspections,
           COALESCE(SUM(CASE WHEN h.inspection_id IS NOT NULL AND h.grade = 'major' THEN 1 ELSE 0 END), 0) AS major_in_inspections,
           COALESCE(SUM(CASE WHEN h.grade = 'major' AND {listed} THEN 1 ELSE 0 END), 0) AS major_listed,
           COALESCE(SUM(CASE WHEN h.grade = 'major' AND {enforced} THEN 1 ELSE 0 END), 0) AS major_enforced,
           COALESCE(SUM(CASE WHEN h.source = 'self_check' THEN 1 ELSE 0 END), 0) AS self_found,
           COALESCE(SUM(CASE WHEN h.source = 'self_check' AND h.status = 'closed' THEN 1 ELSE 0 END), 0) AS self_closed,
           {median} AS median_close_days
         FROM hazards h {joins}
         WHERE h.created_at >= {p_from} AND h.created_at < {p_to} AND h.status <> 'invalid'"
    );
    if scope.street.is_some() {
        sql.push_str(&format!(" AND h.street_code = {}", next(conn)));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(" AND h.sector = {}", next(conn)));
    }
    let mut query = diesel::sql_query(sql)
        .into_boxed::<Backend>()
        .bind::<Date, _>(scope.today)
        .bind::<Timestamp, _>(scope.from)
        .bind::<Timestamp, _>(scope.to);
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    Ok(query.get_result::<Counts>(conn)?)
}

/// Inspections started in the scope's period (street: the inspection's; sector: the
/// inspected enterprise's).
pub fn inspections(conn: &mut DbConnection, scope: &Scope) -> Result<i64, InfraError> {
    let mut n = 0;
    let mut next = |c: &DbConnection| {
        n += 1;
        placeholder(c, n)
    };
    let (p_from, p_to) = (next(conn), next(conn));
    let mut sql =
        format!("SELECT COUNT(*) AS n FROM inspections i WHERE i.started_at >= {p_from} AND i.started_at < {p_to}");
    if scope.street.is_some() {
        sql.push_str(&format!(" AND i.street_code = {}", next(conn)));
    }
    if scope.sector.is_some() {
        sql.push_str(&format!(
            " AND i.enterprise_id IN (SELECT e.id FROM enterprises e WHERE e.sector = {})",
            next(conn)
        ));
    }
    let mut query =
        diesel::sql_query(sql).into_boxed::<Backend>().bind::<Timestamp, _>(scope.from).bind::<Timestamp, _>(scope.to);
    if let Some(s) = &scope.street {
        query = query.bind::<Text, _>(s.clone());
    }
    if let Some(s) = &scope.sector {
        query = query.bind::<Text, _>(s.clone());
    }
    Ok(query.get_result::<One>(conn)?.n)
}

/// The median days from filing to closing of the scope's closed hazards, read from the
/// middle of the ordered values (one or two rows), not by loading them all.
pub fn median_days_to_close(conn: &mut DbConnection, scope: &Scope) -> Result<Option<f64>, InfraError> {
    let base = || {
        let mut q = hazards::table
            .filter(hazards::created_at.ge(scope.from))
            .filter(hazards::created_at.lt(scope.to))
            .filter(hazards::status.eq("closed"))
            .filter(hazards::close_days.is_not_null())
            .into_boxed();
        if let Some(s) = &scope.street {
            q = q.filter(hazards::street_code.eq(s.clone()));
        }
        if let Some(s) = &scope.sector {
            q = q.filter(hazards::sector.eq(s.clone()));
        }
        q
    };
    let n: i64 = base().count().get_result(conn)?;
    if n == 0 {
        return Ok(None);
    }
    let take = if n % 2 == 0 { 2 } else { 1 };
    let middle: Vec<Option<f64>> =
        base().select(hazards::close_days).order(hazards::close_days).offset((n - 1) / 2).limit(take).load(conn)?;
    let values: Vec<f64> = middle.into_iter().flatten().collect();
    Ok(hazard_domain::kpi::median(&values).map(|m| (m * 100.0).round() / 100.0))
}
