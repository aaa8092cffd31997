//! Stored tip → the views of it. None of them carries the reporter.

use hazard_infra::models::TipRow;
use hazard_openapi::tips::{Tip, TipStatusView};

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;

/// The supervisors' view.
pub fn tip_dto(row: TipRow, photos: i64) -> Result<Tip, ApiError> {
    Ok(Tip {
        id: stored_uuid(&row.id)?,
        tracking_code: row.tracking_code,
        description: row.description,
        address: row.address,
        latitude: row.latitude,
        longitude: row.longitude,
        sector_guess: row.sector_guess,
        street_code: row.street_code,
        status: row.status,
        reject_reason: row.reject_reason,
        hazard_id: row.hazard_id.as_deref().map(stored_uuid).transpose()?,
        reward_status: row.reward_status,
        reward_amount: row.reward_amount,
        photos,
        created_at: utc(row.created_at),
    })
}

/// The reporter's view: status only.
pub fn status_view(row: TipRow) -> TipStatusView {
    TipStatusView {
        tracking_code: row.tracking_code,
        status: row.status,
        reward_status: row.reward_status,
        updated_at: utc(row.updated_at),
    }
}
