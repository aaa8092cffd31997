//! The hazard list: filters, keyset position, and the page query, which reads only the
//! columns a list sends (`ListedHazard`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hazard_domain::RowScope;

use diesel::dsl::{AsSelect, SqlTypeOf};

use crate::db::MultiBackend;
use crate::models::{ListedHazard, ListedRef};
use crate::repo::borrowed;
use crate::repo::overdue;
use crate::schema::hazards;
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

/// The page query's type: the listed columns of `hazards`, boxed for the filters.
type PageQuery<'a> = hazards::BoxedQuery<'a, MultiBackend, SqlTypeOf<AsSelect<ListedHazard, MultiBackend>>>;

/// A page of hazards, newest first, after `cursor`.
pub fn list(
    conn: &mut DbConnection,
    filter: &HazardFilter,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<ListedHazard>, InfraError> {
    match page_query(filter, cursor, limit) {
        Some(query) => Ok(query.load(conn)?),
        None => Ok(Vec::new()),
    }
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
    let Some(query) = page_query(filter, cursor, limit) else { return Ok(()) };
    borrowed::each_row::<_, E, { ListedRef::COLUMNS }>(conn, query, |values| visit(ListedRef::decode(values)?))
}

/// The page query for `filter` after `cursor`; `None` when the scope sees nothing.
fn page_query<'a>(filter: &HazardFilter, cursor: Option<&Cursor>, limit: i64) -> Option<PageQuery<'a>> {
    let mut query = hazards::table
        .select(ListedHazard::as_select())
        .order((hazards::created_at.desc(), hazards::id.desc()))
        .limit(limit)
        .into_boxed();
    if !filter.statuses.is_empty() {
        query = query.filter(hazards::status.eq_any(filter.statuses.clone()));
    }
    if let Some(v) = &filter.grade {
        query = query.filter(hazards::grade.eq(v.clone()));
    }
    if let Some(v) = &filter.sector {
        query = query.filter(hazards::sector.eq(v.clone()));
    }
    if let Some(v) = &filter.street {
        query = query.filter(hazards::street_code.eq(v.clone()));
    }
    match &filter.scope {
        RowScope::All => {}
        RowScope::Street(s) => query = query.filter(hazards::street_code.eq(s.clone())),
        RowScope::Enterprise(e) => query = query.filter(hazards::enterprise_id.eq(e.to_string())),
        RowScope::Nothing => return None,
    }
    if let Some(v) = &filter.inspection {
        query = query.filter(hazards::inspection_id.eq(v.clone()));
    }
    if let Some(v) = &filter.department {
        query = query.filter(hazards::department_code.eq(v.clone()));
    }
    match filter.overdue {
        Some((true, today)) => query = query.filter(overdue::hazard(today)),
        Some((false, today)) => query = query.filter(diesel::dsl::not(overdue::hazard(today))),
        None => {}
    }
    if let Some(q) = &filter.q {
        let pattern = crate::repo::like_pattern(q);
        query = query.filter(
            hazards::title
                .like(pattern.clone())
                .escape('\\')
                .or(hazards::description.like(pattern.clone()).escape('\\'))
                .or(hazards::code.like(pattern).escape('\\')),
        );
    }
    if let Some(c) = cursor {
        query = query.filter(
            hazards::created_at
                .lt(c.created_at)
                .or(hazards::created_at.eq(c.created_at).and(hazards::id.lt(c.id.clone()))),
        );
    }
    Some(query)
}
