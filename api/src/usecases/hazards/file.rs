//! File a hazard (`POST /v1/hazards`): safe to retry with a client-made id.

use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::filing::{enterprise_for, may_cite_inspection, source_for};
use hazard_domain::hazard::{Grade, Source};
use hazard_domain::Actor;
use hazard_infra::models::HazardRow;
use hazard_infra::repo::hazards;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::InfraError;
use hazard_openapi::hazards::CreateHazard;
use uuid::Uuid;

use super::new::{self, NewHazard};
use crate::convert::stored_uuid;
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::lookups::Lookups;

/// What filing did: a new hazard, or the one an identical earlier request filed.
pub enum Filed {
    /// Filed now.
    Created(HazardRow),
    /// A retry of an earlier identical request.
    Replayed(HazardRow),
}

/// Files a hazard for `actor`. The same client-made id with the same body answers with
/// the hazard already filed; with another body it is a 409.
pub fn file(st: &AppState, actor: &Actor, cmd: CreateHazard) -> Result<Filed, ApiError> {
    actor.can_file_in(&cmd.street_code)?;
    let source = source_for(actor, cmd.source.map(Source::from))?;
    let coordinates = Coordinates::parse_optional(cmd.latitude, cmd.longitude)?;
    let mut enterprise_id = enterprise_for(actor, cmd.enterprise_id)?;
    let request_hash =
        sha256_hex(format!("{}|{}", actor.user_id, serde_json::to_string(&cmd).unwrap_or_default()).as_bytes());
    let mut conn = st.conn()?;
    let id = cmd.id.unwrap_or_else(Uuid::now_v7);
    if let Some(existing) = hazards::get(&mut conn, &id.to_string())? {
        return replay(existing, &request_hash);
    }
    let mut lookups = Lookups::new(&mut conn);
    if let Some(iid) = cmd.inspection_id {
        if let Some(inspection) = lookups.inspection_in("inspection_id", iid, &cmd.street_code)? {
            let inspected = inspection.enterprise_id.as_deref().map(stored_uuid).transpose()?;
            lookups.note(may_cite_inspection(actor, inspected))?;
            // Found in an inspection of an enterprise: the hazard is that enterprise's.
            enterprise_id = enterprise_id.or(inspected);
        }
    }
    let hazard = NewHazard {
        id,
        title: cmd.title,
        description: cmd.description,
        sector: cmd.sector,
        street_code: cmd.street_code,
        address: cmd.address,
        coordinates,
        grade: Grade::from(cmd.grade),
        criterion_code: cmd.criterion_code,
        source,
        enterprise_id,
        enterprise_name: cmd.enterprise_name,
        inspection_id: cmd.inspection_id,
        observed_at: cmd.observed_at.map(|t| t.naive_utc()),
        tip_id: None,
        request_hash: request_hash.clone(),
    };
    hazard.check(&mut lookups)?;
    lookups.finish()?;
    let now = st.now_naive();
    let (row, event) = hazard.into_rows(actor, now, st.district_date(now));
    match new::store(&mut conn, row, event) {
        Ok(row) => Ok(Filed::Created(row)),
        // A concurrent retry with the same id won the race: answer as a retry.
        Err(InfraError::Conflict(_)) => match hazards::get(&mut conn, &id.to_string())? {
            Some(existing) => replay(existing, &request_hash),
            None => Err(ApiError::conflict("a concurrent request conflicted; retry")),
        },
        Err(e) => Err(e.into()),
    }
}

fn replay(existing: HazardRow, request_hash: &str) -> Result<Filed, ApiError> {
    if existing.request_hash == request_hash {
        Ok(Filed::Replayed(existing))
    } else {
        Err(ApiError::conflict("this id is already used by a different hazard"))
    }
}
