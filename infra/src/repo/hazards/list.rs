//! The hazard list: filters, keyset position, and the page query, which reads only the
//! columns a list sends (`ListedHazard`).

use chrono::{NaiveDate, NaiveDateTime};
use hazard_domain::RowScope;

use crate::models::{ListedHazard, ListedRef};
use crate::repo::borrowed;
use crate::repo::overdue;
use crate::repo::prepared::{Prepared, Value, BIND};
use crate::{DbConnection, InfraError};

/// Filters for the hazard list; `scope_*` come from the caller's jurisdiction.
#[derive(Debug, Clone)]
pub struct HazardFilter {
    /// Only these statuses (empty: all).
    pub statuses: Vec<String>,
    /// Only this grade.
    pub grade: Option<String>,
    /// Only this sector.
    pub sector: Option<String>,
    /// Only this street (user filter).
    pub street: Option<String>,
    /// Only this department.
    pub department: Option<String>,
    /// `Some(true)`: overdue on the given day; `Some(false)`: not overdue.
    pub overdue: Option<(bool, NaiveDate)>,
    /// Substring of title, description or code.
    pub q: Option<String>,
    /// The rows the caller may see.
    pub scope: RowScope,
    /// Only hazards found in this inspection.
    pub inspection: Option<String>,
}

impl HazardFilter {
    /// No filter but the caller's scope.
    pub fn within(scope: RowScope) -> Self {
        Self {
            statuses: Vec::new(),
            grade: None,
            sector: None,
            street: None,
            department: None,
            overdue: None,
            q: None,
            scope,
            inspection: None,
        }
    }
}

/// A keyset position: the last row of the previous page, in (created_at, id) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Its creation time.
    pub created_at: NaiveDateTime,
    /// Its id.
    pub id: String,
}

/// A page of hazards, newest first, after `cursor`.
pub fn list(
    conn: &mut DbConnection,
    filter: &HazardFilter,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<ListedHazard>, InfraError> {
    let mut page = Vec::new();
    each_listed::<InfraError>(conn, filter, cursor, limit, |row| {
        page.push(row.to_owned());
        Ok(())
    })?;
    Ok(page)
}

/// The same page as [`list`], each row handed to `visit` as it lies in the database's
/// reply instead of copied into a [`ListedHazard`]: the REST list writes its JSON from
/// these (issue 13). Stops at the first error `visit` returns.
pub fn each_listed<E: From<InfraError>>(
    conn: &mut DbConnection,
    filter: &HazardFilter,
    cursor: Option<&Cursor>,
    limit: i64,
    mut visit: impl FnMut(ListedRef<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let Some(text) = PageText::new(filter, cursor) else { return Ok(()) };
    let query = text.query(filter, cursor, limit);
    borrowed::each_row::<_, E, { ListedRef::COLUMNS }>(conn, query, |values| visit(ListedRef::decode(values)?))
}

/// The page query's text and the values it needs beyond the filter's own. It is written
/// as SQL text rather than with the query builder because a `MultiConnection` builds a
/// boxed query's text anew on each of diesel's two or three passes over it, on every
/// execution: 27 quoted columns and the filters, about a tenth of the server's CPU on a
/// page of the list (issue 13, seventh pass). The text is the same for every page of the
/// same kind of filter, so the connection still prepares it once and reuses it. The
/// black-box list tests (every filter, every page against the hazard on its own) hold it
/// to the columns of [`ListedHazard`].
struct PageText {
    sql: String,
    /// The enterprise of an enterprise scope, as stored.
    enterprise: Option<String>,
    /// The substring search as a `LIKE` pattern.
    pattern: Option<String>,
}

impl PageText {
    /// The text for `filter` after `cursor`; `None` when the scope sees nothing.
    fn new(filter: &HazardFilter, cursor: Option<&Cursor>) -> Option<Self> {
        let mut conditions: Vec<String> = Vec::new();
        let mut cond = |c: String| conditions.push(c);
        if !filter.statuses.is_empty() {
            cond(format!("status IN ({})", vec![BIND; filter.statuses.len()].join(", ")));
        }
        if filter.grade.is_some() {
            cond(format!("grade = {BIND}"));
        }
        if filter.sector.is_some() {
            cond(format!("sector = {BIND}"));
        }
        if filter.street.is_some() {
            cond(format!("street_code = {BIND}"));
        }
        let enterprise = match &filter.scope {
            RowScope::All => None,
            RowScope::Street(_) => {
                cond(format!("street_code = {BIND}"));
                None
            }
            RowScope::Enterprise(e) => {
                cond(format!("enterprise_id = {BIND}"));
                Some(e.to_string())
            }
            RowScope::Nothing => return None,
        };
        if filter.inspection.is_some() {
            cond(format!("inspection_id = {BIND}"));
        }
        if filter.department.is_some() {
            cond(format!("department_code = {BIND}"));
        }
        match filter.overdue {
            Some((true, _)) => cond(overdue::hazard_sql(BIND)),
            Some((false, _)) => cond(format!("NOT {}", overdue::hazard_sql(BIND))),
            None => {}
        }
        let pattern = filter.q.as_deref().map(crate::repo::like_pattern);
        if pattern.is_some() {
            cond(format!(
                "(title LIKE {BIND} ESCAPE '\\' OR description LIKE {BIND} ESCAPE '\\' OR code LIKE {BIND} ESCAPE '\\')"
            ));
        }
        if cursor.is_some() {
            cond(format!("(created_at < {BIND} OR (created_at = {BIND} AND id < {BIND}))"));
        }
        let mut sql = format!("SELECT {} FROM hazards", ListedRef::SELECT);
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT {BIND}"));
        Some(Self { sql, enterprise, pattern })
    }

    /// The statement with its values bound in the order [`PageText::new`] wrote their places.
    fn query<'a>(&'a self, filter: &'a HazardFilter, cursor: Option<&'a Cursor>, limit: i64) -> Prepared<'a> {
        let mut q = Prepared::new(&self.sql);
        for status in &filter.statuses {
            q = q.bind(Value::Text(status));
        }
        for v in [&filter.grade, &filter.sector, &filter.street].into_iter().flatten() {
            q = q.bind(Value::Text(v));
        }
        match &filter.scope {
            RowScope::Street(street) => q = q.bind(Value::Text(street)),
            RowScope::All | RowScope::Enterprise(_) | RowScope::Nothing => {}
        }
        if let Some(enterprise) = &self.enterprise {
            q = q.bind(Value::Text(enterprise));
        }
        for v in [&filter.inspection, &filter.department].into_iter().flatten() {
            q = q.bind(Value::Text(v));
        }
        if let Some((_, today)) = filter.overdue {
            q = q.bind(Value::Date(today));
        }
        if let Some(pattern) = &self.pattern {
            for _ in 0..3 {
                q = q.bind(Value::Text(pattern));
            }
        }
        if let Some(c) = cursor {
            q = q.bind(Value::Timestamp(c.created_at)).bind(Value::Timestamp(c.created_at)).bind(Value::Text(&c.id));
        }
        q.bind(Value::BigInt(limit))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use diesel::{Connection, SqliteConnection};
    use uuid::Uuid;

    use super::*;

    fn filter(shape: u32, statuses: usize, scope: &RowScope) -> HazardFilter {
        let on = |bit: u32, v: &str| (shape & (1 << bit) != 0).then(|| v.to_owned());
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        HazardFilter {
            statuses: ["reported", "rectifying", "pending_review"][..statuses]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            grade: on(0, "general"),
            sector: on(1, "fire"),
            street: on(2, "huayanglu"),
            department: on(3, "fire_dept"),
            overdue: match (shape >> 4) & 3 {
                1 => Some((true, today)),
                2 => Some((false, today)),
                _ => None,
            },
            q: on(6, "50%_a\\"),
            scope: scope.clone(),
            inspection: on(7, "inspection-id"),
        }
    }

    /// Every kind of filter the list can be asked for gives a statement the database
    /// accepts, with as many values as it has places (a mismatch is an error, not a
    /// silently shifted filter); the black-box list tests check what each one selects.
    #[test]
    fn every_combination_of_filters_is_a_valid_statement_with_all_its_values() {
        let mut conn = DbConnection::Sqlite(SqliteConnection::establish(":memory:").expect("sqlite"));
        crate::db::run_migrations(&mut conn).expect("migrations");
        let cursor = Cursor { created_at: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap().into(), id: "x".into() };
        let scopes = [RowScope::All, RowScope::Street("huayanglu".into()), RowScope::Enterprise(Uuid::nil())];
        let mut statements = std::collections::HashSet::new();
        for scope in &scopes {
            for statuses in 0..=3 {
                for shape in 0..(1 << 8) {
                    if (shape >> 4) & 3 == 3 {
                        continue;
                    }
                    let filter = filter(shape, statuses, scope);
                    for after in [None, Some(&cursor)] {
                        let rows = list(&mut conn, &filter, after, 51).unwrap_or_else(|e| panic!("{filter:?}: {e}"));
                        assert!(rows.is_empty());
                        statements.insert(PageText::new(&filter, after).expect("a scope that sees rows").sql);
                    }
                }
            }
        }
        // One text per kind of filter, except that a street filter in a district-wide
        // scope reads the same as a street scope without one (4 × 96 × 2 such pairs).
        assert_eq!(statements.len(), 3 * 4 * 192 * 2 - 4 * 96 * 2, "one text per kind of filter");
    }

    #[test]
    fn a_scope_that_sees_nothing_reads_nothing() {
        let mut conn = DbConnection::Sqlite(SqliteConnection::establish(":memory:").expect("sqlite"));
        assert!(PageText::new(&HazardFilter::within(RowScope::Nothing), None).is_none());
        // No statement runs (the connection has no tables).
        assert!(list(&mut conn, &HazardFilter::within(RowScope::Nothing), None, 10).expect("no query").is_empty());
    }

    #[test]
    fn the_select_list_names_every_listed_column_once_in_order() {
        assert!(ListedRef::SELECT.starts_with("id, code, title, "));
        assert!(ListedRef::SELECT.ends_with(", version, listed"));
        assert_eq!(ListedRef::SELECT.split(", ").count(), ListedRef::COLUMNS);
    }
}
