//! Enterprises (生产经营单位).

use diesel::prelude::*;

use crate::schema::enterprises;
use crate::{DbConnection, InfraError};

/// Whether an enterprise exists (accounts and hazards may only name real ones).
pub fn exists(conn: &mut DbConnection, id: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(enterprises::table.find(id))).get_result(conn)?)
}

/// The street an enterprise belongs to.
pub fn street_of(conn: &mut DbConnection, id: &str) -> Result<Option<String>, InfraError> {
    Ok(enterprises::table.find(id).select(enterprises::street_code).first(conn).optional()?)
}
