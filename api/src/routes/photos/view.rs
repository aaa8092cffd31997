//! Stored photo → wire photo.

use hazard_domain::photo::PhotoKind;
use hazard_infra::models::PhotoRow;
use hazard_openapi::photos::Photo;

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;

/// Maps a photo's metadata, with the URLs of its bytes.
pub fn photo_dto(row: PhotoRow) -> Result<Photo, ApiError> {
    let id = stored_uuid(&row.id)?;
    Ok(Photo {
        id,
        hazard_id: stored_uuid(&row.hazard_id)?,
        kind: row.kind.parse::<PhotoKind>().map_err(ApiError::internal)?.into(),
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        width: row.width,
        height: row.height,
        taken_at: row.taken_at.map(utc),
        latitude: row.latitude,
        longitude: row.longitude,
        uploaded_by: stored_uuid(&row.uploaded_by)?,
        created_at: utc(row.created_at),
        url: format!("/v1/photos/{id}"),
        thumb_url: format!("/v1/photos/{id}?size=thumb"),
    })
}
