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
    let derived = Derived::of(filter);
    let Some(text) = PageText::new(filter, &derived, cursor, limit) else { return Ok(()) };
    let query = text.query();
    borrowed::each_row::<_, E, { ListedRef::COLUMNS }>(conn, query, |values| visit(ListedRef::decode(values)?))
}

/// The page query as SQL text with its values. It is written as text rather than with the
/// query builder because a `MultiConnection` builds a boxed query's text anew on each of
/// diesel's two or three passes over it, on every execution: 27 quoted columns and the
/// filters, about a tenth of the server's CPU on a page of the list (issue 13, seventh
/// pass). The text is the same for every page of the same kind of filter, so the
/// connection still prepares it once and reuses it. The black-box list tests (every
/// filter, every page against the hazard on its own) hold it to the columns of
/// [`ListedHazard`].
struct PageText<'a> {
    sql: String,
    /// The values of the text's places, in order.
    values: Vec<Value<'a>>,
}

/// The values a page query binds that the filter does not hold as text.
struct Derived {
    /// The enterprise of an enterprise scope, as stored.
    enterprise: Option<String>,
    /// The substring search as a `LIKE` pattern.
    pattern: Option<String>,
}

impl Derived {
    fn of(filter: &HazardFilter) -> Self {
        Self {
            enterprise: match &filter.scope {
                RowScope::Enterprise(e) => Some(e.to_string()),
                _ => None,
            },
            pattern: filter.q.as_deref().map(crate::repo::like_pattern),
        }
    }
}

impl<'a> PageText<'a> {
    /// The text for `filter` after `cursor`, each condition written with its values, so the
    /// places and the values cannot drift apart; `None` when the scope sees nothing.
    fn new(filter: &'a HazardFilter, derived: &'a Derived, cursor: Option<&'a Cursor>, limit: i64) -> Option<Self> {
        let mut conditions: Vec<String> = Vec::new();
        let mut values = Vec::new();
        let mut cond = |c: String, v: &[Value<'a>]| {
            conditions.push(c);
            values.extend_from_slice(v);
        };
        if !filter.statuses.is_empty() {
            let statuses: Vec<_> = filter.statuses.iter().map(|s| Value::Text(s)).collect();
            cond(format!("status IN ({})", vec![BIND; statuses.len()].join(", ")), &statuses);
        }
        if let Some(v) = &filter.grade {
            cond(format!("grade = {BIND}"), &[Value::Text(v)]);
        }
        if let Some(v) = &filter.sector {
            cond(format!("sector = {BIND}"), &[Value::Text(v)]);
        }
        if let Some(v) = &filter.street {
            cond(format!("street_code = {BIND}"), &[Value::Text(v)]);
        }
        match (&filter.scope, &derived.enterprise) {
            (RowScope::All, _) => {}
            (RowScope::Street(street), _) => cond(format!("street_code = {BIND}"), &[Value::Text(street)]),
            (RowScope::Enterprise(_), Some(e)) => cond(format!("enterprise_id = {BIND}"), &[Value::Text(e)]),
            (RowScope::Enterprise(_), None) | (RowScope::Nothing, _) => return None,
        }
        if let Some(v) = &filter.inspection {
            cond(format!("inspection_id = {BIND}"), &[Value::Text(v)]);
        }
        if let Some(v) = &filter.department {
            cond(format!("department_code = {BIND}"), &[Value::Text(v)]);
        }
        match filter.overdue {
            Some((true, today)) => cond(overdue::hazard_sql(BIND), &[Value::Date(today)]),
            Some((false, today)) => cond(format!("NOT {}", overdue::hazard_sql(BIND)), &[Value::Date(today)]),
            None => {}
        }
        if let Some(p) = &derived.pattern {
            cond(
                format!("(title LIKE {BIND} ESCAPE '\\' OR description LIKE {BIND} ESCAPE '\\' OR code LIKE {BIND} ESCAPE '\\')"),
                &[Value::Text(p); 3],
            );
        }
        if let Some(c) = cursor {
            let at = Value::Timestamp(c.created_at);
            cond(
                format!("(created_at < {BIND} OR (created_at = {BIND} AND id < {BIND}))"),
                &[at, at, Value::Text(&c.id)],
            );
        }
        let mut sql = format!("SELECT {} FROM hazards", ListedRef::SELECT);
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT {BIND}"));
        values.push(Value::BigInt(limit));
        Some(Self { sql, values })
    }

    /// The statement with its values bound.
    fn query(&self) -> Prepared<'_> {
        self.values.iter().fold(Prepared::new(&self.sql), |q, v| q.bind(*v))
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
                        let derived = Derived::of(&filter);
                        statements
                            .insert(PageText::new(&filter, &derived, after, 51).expect("a scope that sees rows").sql);
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
        let nothing = HazardFilter::within(RowScope::Nothing);
        assert!(PageText::new(&nothing, &Derived::of(&nothing), None, 10).is_none());
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
