//! Stored inspection → wire inspection.

use hazard_domain::inspection::InspectionKind;
use hazard_infra::models::InspectionRow;
use hazard_infra::repo::inspections;
use hazard_infra::DbConnection;
use hazard_openapi::inspections::{Inspection, InspectorRef};

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;

/// The inspector ids stored with an inspection.
pub use crate::usecases::inspections::inspectors_of as inspector_ids;

/// Maps an inspection, looking up inspector names and the hazards count.
pub fn inspection_dto(conn: &mut DbConnection, row: InspectionRow) -> Result<Inspection, ApiError> {
    let ids = inspector_ids(&row)?;
    let inspectors = inspections::names(conn, &ids)?
        .into_iter()
        .map(|(id, name)| Ok(InspectorRef { id: stored_uuid(&id)?, name }))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let hazards_count = inspections::hazard_count(conn, &row.id)?;
    Ok(Inspection {
        id: stored_uuid(&row.id)?,
        code: row.code,
        kind: row.kind.parse::<InspectionKind>().map_err(ApiError::internal)?.into(),
        enterprise_id: row.enterprise_id.as_deref().map(stored_uuid).transpose()?,
        site_address: row.site_address,
        street_code: row.street_code,
        department_code: row.department_code,
        inspectors,
        started_at: utc(row.started_at),
        finished_at: row.finished_at.map(utc),
        note: row.note,
        hazards_count,
        created_at: utc(row.created_at),
    })
}
