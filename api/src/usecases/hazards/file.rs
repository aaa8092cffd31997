//! File a hazard (`POST /v1/hazards`): safe to retry with a client-made id.

use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::filing::{enterprise_for, may_cite_inspection, source_for};
use hazard_domain::hazard::{Grade, Source};
use hazard_domain::Actor;
use hazard_infra::models::HazardRow;
use hazard_infra::repo::hazards;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::DbConnection;
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
///
/// A retry is the rare case, so it is not looked for first: filing goes ahead, and only
/// when it fails (the id is taken, or a look-up no longer passes, say because the
/// enterprise cited has moved to another street since) is the id looked up, and a hazard already
/// filed under it answers instead of the failure. That saves a round trip on every
/// filing; a retry that gets this far may leave a gap in the year's codes on PostgreSQL.
pub fn file(st: &AppState, actor: &Actor, cmd: CreateHazard) -> Result<Filed, ApiError> {
    actor.can_file_in(&cmd.street_code)?;
    let request_hash =
        sha256_hex(format!("{}|{}", actor.user_id, serde_json::to_string(&cmd).unwrap_or_default()).as_bytes());
    let client_made = cmd.id.is_some();
    let id = cmd.id.unwrap_or_else(Uuid::now_v7);
    let mut conn = st.conn()?;
    match file_new(st, &mut conn, actor, id, cmd, request_hash.clone()) {
        Ok(row) => Ok(Filed::Created(row)),
        Err(failure) => {
            let existing = if client_made { hazards::get(&mut conn, &id.to_string()).ok().flatten() } else { None };
            match existing {
                Some(existing) => replay(existing, &request_hash),
                // Taken, yet gone again: a concurrent request that rolled back.
                None if failure.is_conflict() => Err(ApiError::conflict("a concurrent request conflicted; retry")),
                None => Err(failure),
            }
        }
    }
}

/// Checks and stores a hazard that nothing was filed under yet.
fn file_new(
    st: &AppState,
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    cmd: CreateHazard,
    request_hash: String,
) -> Result<HazardRow, ApiError> {
    let source = source_for(actor, cmd.source.map(Source::from))?;
    let coordinates = Coordinates::parse_optional(cmd.latitude, cmd.longitude)?;
    let mut enterprise_id = enterprise_for(actor, cmd.enterprise_id)?;
    let mut lookups = Lookups::new(conn);
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
        request_hash,
    };
    hazard.check_rules(&mut lookups)?;
    lookups.finish()?;
    let now = st.now_naive();
    let (street, sector) = (hazard.street_code.clone(), hazard.sector.clone());
    let (row, event) = hazard.into_rows(actor, now, st.district_date(now));
    new::store(conn, row, event).map_err(|refusal| new::explain_refusal(conn, &street, &sector, refusal))
}

fn replay(existing: HazardRow, request_hash: &str) -> Result<Filed, ApiError> {
    if existing.request_hash == request_hash {
        Ok(Filed::Replayed(existing))
    } else {
        Err(ApiError::conflict("this id is already used by a different hazard"))
    }
}
