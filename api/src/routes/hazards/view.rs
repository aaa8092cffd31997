//! Stored hazard ↔ domain state ↔ wire hazard.

use chrono::NaiveDate;
use hazard_infra::models::{EventRow, HazardRow, ListedHazard, SupervisionRow};
use hazard_infra::repo::supervisions;
use hazard_infra::DbConnection;
use hazard_openapi::clients::{HazardView, PublicHazard};
use hazard_openapi::hazards::{Hazard, HazardEvent};
use hazard_openapi::supervision::Supervision;

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;
use crate::usecases::hazards::parse_plan;

/// The staff view of a hazard on district date `today` (a full row converts with `.into()`).
pub fn hazard_dto(row: ListedHazard, today: NaiveDate) -> Result<Hazard, ApiError> {
    let (grade, source, status, enterprise) = (row.grade()?, row.source()?, row.status()?, row.enterprise()?);
    let overdue = hazard_domain::deadline::is_overdue(status, row.deadline, today);
    let plan = parse_plan(row.rectification_plan.as_deref())?;
    Ok(Hazard {
        id: stored_uuid(&row.id)?,
        code: row.code,
        title: row.title,
        description: row.description,
        sector: row.sector,
        street_code: row.street_code,
        address: row.address,
        latitude: row.latitude,
        longitude: row.longitude,
        grade: grade.into(),
        criterion_code: row.criterion_code,
        source: source.into(),
        status: status.into(),
        enterprise_id: enterprise,
        enterprise_name: row.enterprise_name,
        inspection_id: row.inspection_id.as_deref().map(stored_uuid).transpose()?,
        department_code: row.department_code,
        responsible_party: row.responsible_party,
        deadline: row.deadline,
        overdue,
        rectification_plan: plan.map(Into::into),
        reported_by: stored_uuid(&row.reported_by)?,
        observed_at: row.observed_at.map(utc),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        closed_at: row.closed_at.map(utc),
        version: row.version,
        supervision: None,
    })
}

/// The wire form of a listing on district date `today`.
pub fn supervision_dto(row: SupervisionRow, today: NaiveDate) -> Result<Supervision, ApiError> {
    let active = row.is_active();
    Ok(Supervision {
        id: stored_uuid(&row.id)?,
        hazard_id: stored_uuid(&row.hazard_id)?,
        level: row.level()?.into(),
        department_code: row.department_code,
        document_number: row.document_number,
        deadline: row.deadline,
        reason: row.reason,
        overdue: hazard_domain::deadline::is_supervision_overdue(active, row.deadline, today),
        status: row.status,
        listed_at: utc(row.listed_at),
        lifted_at: row.lifted_at.map(utc),
    })
}

/// Staff views of hazards, each with its active supervision (one query for all).
pub fn hazard_dtos(
    conn: &mut DbConnection,
    rows: Vec<ListedHazard>,
    today: NaiveDate,
) -> Result<Vec<Hazard>, ApiError> {
    // Only a hazard ever listed can have an active listing (`listed` is set with the first
    // one): a page of never-listed hazards, the usual case, needs no second query.
    let ids: Vec<String> = rows.iter().filter(|r| r.listed).map(|r| r.id.clone()).collect();
    let mut listings = if ids.is_empty() { Vec::new() } else { supervisions::active_for_many(conn, &ids)? };
    rows.into_iter()
        .map(|r| {
            let listing = listings.iter().position(|s| s.hazard_id == r.id).map(|i| listings.swap_remove(i));
            let mut dto = hazard_dto(r, today)?;
            dto.supervision = listing.map(|s| supervision_dto(s, today)).transpose()?;
            Ok(dto)
        })
        .collect()
}

/// One hazard's staff view, with its active supervision.
pub fn hazard_full(conn: &mut DbConnection, row: HazardRow, today: NaiveDate) -> Result<Hazard, ApiError> {
    hazard_dtos(conn, vec![row.into()], today)?.pop().ok_or_else(|| ApiError::internal("hazard vanished"))
}

/// A timeline entry.
pub fn event_dto(row: EventRow, actor_name: Option<String>) -> Result<HazardEvent, ApiError> {
    let (from, to) = (row.from_state()?, row.to_state()?);
    Ok(HazardEvent {
        id: row.id,
        action: row.action,
        actor_id: row.actor_id.as_deref().map(stored_uuid).transpose()?,
        actor_name,
        actor_role: row.actor_role,
        from_status: from.map(Into::into),
        to_status: to.into(),
        note: row.note,
        data: row
            .data
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| ApiError::internal(format!("stored event data: {e}")))?,
        created_at: utc(row.created_at),
    })
}

/// Staff views, or their redacted public form for third-party clients.
pub fn views(hazards: Vec<Hazard>, public: bool) -> Vec<HazardView> {
    hazards
        .into_iter()
        .map(
            |h| {
                if public {
                    HazardView::Public(Box::new(PublicHazard::from(h)))
                } else {
                    HazardView::Staff(Box::new(h))
                }
            },
        )
        .collect()
}
