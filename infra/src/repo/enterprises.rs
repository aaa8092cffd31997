//! Enterprises (生产经营单位), with the figures inspectors plan by.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hazard_domain::RowScope;

use crate::models::EnterpriseRow;
use crate::schema::{enterprises, hazards, inspections};
use crate::{DbConnection, InfraError};

/// Whether an enterprise exists (accounts and hazards may only name real ones).
pub fn exists(conn: &mut DbConnection, id: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(enterprises::table.find(id))).get_result(conn)?)
}

/// The street an enterprise belongs to.
pub fn street_of(conn: &mut DbConnection, id: &str) -> Result<Option<String>, InfraError> {
    Ok(enterprises::table.find(id).select(enterprises::street_code).first(conn).optional()?)
}

/// Registers an enterprise; a taken USCC is a conflict.
pub fn insert(conn: &mut DbConnection, row: &EnterpriseRow) -> Result<(), InfraError> {
    diesel::insert_into(enterprises::table).values(row).execute(conn)?;
    Ok(())
}

/// One enterprise.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<EnterpriseRow>, InfraError> {
    Ok(enterprises::table.find(id).select(EnterpriseRow::as_select()).first(conn).optional()?)
}

/// Replaces an enterprise's editable fields.
pub fn update(conn: &mut DbConnection, row: &EnterpriseRow) -> Result<(), InfraError> {
    let n = diesel::update(enterprises::table.find(&row.id))
        .set((
            enterprises::name.eq(&row.name),
            enterprises::uscc.eq(&row.uscc),
            enterprises::street_code.eq(&row.street_code),
            enterprises::sector.eq(&row.sector),
            enterprises::address.eq(&row.address),
            enterprises::risk_class.eq(&row.risk_class),
            enterprises::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(InfraError::NotFound);
    }
    Ok(())
}

/// Filters for the enterprise list.
#[derive(Debug, Clone)]
pub struct EnterpriseFilter {
    /// Only this street (user filter).
    pub street: Option<String>,
    /// The rows the caller may see (an enterprise account: its own record).
    pub scope: RowScope,
    /// Only this sector.
    pub sector: Option<String>,
    /// Only these classes.
    pub risk_classes: Vec<String>,
    /// Substring of name, or USCC prefix.
    pub q: Option<String>,
}

/// A page of enterprises in name order (then id), after `(name, id)`.
pub fn list(
    conn: &mut DbConnection,
    filter: &EnterpriseFilter,
    after: Option<(&str, &str)>,
    limit: i64,
) -> Result<Vec<EnterpriseRow>, InfraError> {
    let mut query = enterprises::table
        .select(EnterpriseRow::as_select())
        .order((enterprises::name, enterprises::id))
        .limit(limit)
        .into_boxed();
    if let Some(street) = &filter.street {
        query = query.filter(enterprises::street_code.eq(street.clone()));
    }
    match &filter.scope {
        RowScope::All => {}
        RowScope::Street(s) => query = query.filter(enterprises::street_code.eq(s.clone())),
        RowScope::Enterprise(e) => query = query.filter(enterprises::id.eq(e.to_string())),
        RowScope::Nothing => return Ok(Vec::new()),
    }
    if let Some(s) = &filter.sector {
        query = query.filter(enterprises::sector.eq(s.clone()));
    }
    if !filter.risk_classes.is_empty() {
        query = query.filter(enterprises::risk_class.eq_any(filter.risk_classes.clone()));
    }
    if let Some(q) = &filter.q {
        let pattern = crate::repo::like_pattern(q);
        let prefix = format!("{}%", q.to_ascii_uppercase().replace(['%', '_', '\\'], ""));
        query = query.filter(enterprises::name.like(pattern).escape('\\').or(enterprises::uscc.like(prefix)));
    }
    if let Some((name, id)) = after {
        query = query.filter(
            enterprises::name
                .gt(name.to_owned())
                .or(enterprises::name.eq(name.to_owned()).and(enterprises::id.gt(id.to_owned()))),
        );
    }
    Ok(query.load(conn)?)
}

/// For each enterprise: open hazards and the last finished inspection.
pub fn figures(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<(String, i64, Option<NaiveDateTime>)>, InfraError> {
    let open: Vec<(Option<String>, i64)> = hazards::table
        .filter(hazards::enterprise_id.eq_any(ids))
        .filter(hazards::status.eq_any(["reported", "rectifying", "pending_review"]))
        .group_by(hazards::enterprise_id)
        .select((hazards::enterprise_id, diesel::dsl::count_star()))
        .load(conn)?;
    let last: Vec<(Option<String>, Option<NaiveDateTime>)> = inspections::table
        .filter(inspections::enterprise_id.eq_any(ids))
        .group_by(inspections::enterprise_id)
        .select((inspections::enterprise_id, diesel::dsl::max(inspections::finished_at)))
        .load(conn)?;
    Ok(ids
        .iter()
        .map(|id| {
            let n = open.iter().find(|(e, _)| e.as_deref() == Some(id)).map_or(0, |(_, n)| *n);
            let at = last.iter().find(|(e, _)| e.as_deref() == Some(id)).and_then(|(_, t)| *t);
            (id.clone(), n, at)
        })
        .collect())
}
