//! Stored enterprise → wire enterprise.

use chrono::NaiveDateTime;
use hazard_domain::enterprise::RiskClass;
use hazard_infra::models::EnterpriseRow;
use hazard_infra::repo::enterprises;
use hazard_infra::DbConnection;
use hazard_openapi::enterprises::Enterprise;

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;

/// An enterprise as the API shows it, with its figures read now.
pub fn with_figures(conn: &mut DbConnection, row: EnterpriseRow) -> Result<Enterprise, ApiError> {
    let figures = enterprises::figures(conn, std::slice::from_ref(&row.id))?;
    let (open, last) = figures.first().map_or((0, None), |(_, n, t)| (*n, *t));
    enterprise_dto(row, open, last)
}

/// Maps an enterprise with its figures.
pub fn enterprise_dto(
    row: EnterpriseRow,
    open_hazards: i64,
    last: Option<NaiveDateTime>,
) -> Result<Enterprise, ApiError> {
    let class = row.risk_class.parse::<RiskClass>().map_err(ApiError::internal)?;
    Ok(Enterprise {
        id: stored_uuid(&row.id)?,
        name: row.name,
        uscc: row.uscc,
        street_code: row.street_code,
        sector: row.sector,
        address: row.address,
        risk_class: class.into(),
        priority: class.is_priority(),
        open_hazards,
        last_inspected_at: last.map(utc),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    })
}
