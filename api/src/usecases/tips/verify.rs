//! Verify a tip into a hazard (`POST /v1/tips/{id}/verify`): the hazard is made by the
//! same constructor as a filed one, with source `public_tip` and the tip's photos.

use chrono::Datelike;
use hazard_domain::hazard::{Grade, Source};
use hazard_domain::tip;
use hazard_domain::Actor;
use hazard_infra::models::{PhotoRow, TipRow};
use hazard_infra::repo::tips;
use hazard_openapi::tips::VerifyTip;
use uuid::Uuid;

use super::{load_for_review, status_of};
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::hazards::new::NewHazard;
use crate::usecases::lookups::Lookups;
use crate::usecases::retry_on_conflict;

/// Verifies tip `id` as `actor`, filing its hazard in one transaction with the tip.
pub fn verify(st: &AppState, actor: &Actor, id: &str, cmd: VerifyTip) -> Result<TipRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_for_review(&mut conn, actor, id)?;
    actor.can_file_in(&cmd.street_code)?;
    tip::check_review(status_of(&before)?)?;
    let hazard = NewHazard {
        id: Uuid::now_v7(),
        title: cmd.title,
        description: before.description.clone(),
        sector: cmd.sector,
        street_code: cmd.street_code,
        address: cmd.address.clone().or_else(|| before.address.clone()).unwrap_or_default(),
        coordinates: before
            .latitude
            .zip(before.longitude)
            .and_then(|(lat, lon)| hazard_domain::geo::Coordinates::parse(lat, lon).ok()),
        grade: Grade::from(cmd.grade),
        criterion_code: cmd.criterion_code,
        source: Source::PublicTip,
        enterprise_id: cmd.enterprise_id,
        enterprise_name: None,
        inspection_id: None,
        observed_at: Some(before.created_at),
        tip_id: Some(before.id.clone()),
        request_hash: format!("tip:{}", before.id),
    };
    let mut lookups = Lookups::new(&mut conn);
    hazard.check(&mut lookups)?;
    if hazard.address.is_empty() {
        lookups.note(Err(hazard_domain::DomainError::field("address", "the tip has no address: give one")))?;
    }
    lookups.finish()?;
    let now = st.now_naive();
    let (row, mut event) = hazard.into_rows(actor, now, st.district_date(now));
    event.note = Some(format!("verified from public tip {}", before.tracking_code));
    let copies: Vec<PhotoRow> = tips::photos(&mut conn, &before.id)?
        .into_iter()
        .map(|p| PhotoRow {
            id: Uuid::now_v7().to_string(),
            hazard_id: row.id.clone(),
            kind: "before".into(),
            sha256: p.sha256,
            content_type: p.content_type,
            size_bytes: p.size_bytes,
            width: None,
            height: None,
            taken_at: None,
            latitude: None,
            longitude: None,
            uploaded_by: actor.user_id.to_string(),
            created_at: now,
            thumb_sha256: None,
        })
        .collect();
    let after = TipRow {
        status: tip::TipStatus::Verified.as_str().into(),
        hazard_id: Some(row.id.clone()),
        updated_at: now,
        ..before.clone()
    };
    let year = row.filed_on.year();
    tips::verify(&mut conn, row, year, event, &copies, &after, before.updated_at).map_err(retry_on_conflict)?;
    Ok(after)
}
