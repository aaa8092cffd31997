//! Add an evidence photo to a hazard (`POST /v1/hazards/{id}/photos`): stored by its
//! SHA-256, so the same bytes sent again return the photo already stored.

use chrono::NaiveDateTime;
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::EventKind;
use hazard_domain::media::ImageType;
use hazard_domain::photo::PhotoKind;
use hazard_domain::Actor;
use hazard_infra::models::PhotoRow;
use hazard_infra::repo::photos;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::{thumbnail, InfraError};
use uuid::Uuid;

use super::hazards::{bump, load_visible, status_of};
use crate::error::ApiError;
use crate::state::AppState;

/// A photo as sent, its type already judged by its bytes.
pub struct Upload {
    /// The image.
    pub file: Vec<u8>,
    /// Its type.
    pub image: ImageType,
    /// What it shows.
    pub kind: PhotoKind,
    /// When it was taken, by the phone's account.
    pub taken_at: Option<NaiveDateTime>,
    /// Where it was taken.
    pub coordinates: Option<Coordinates>,
}

/// Whether the photo was stored now or had been already.
pub enum Stored {
    /// Stored now.
    Created(PhotoRow),
    /// These bytes were already attached to the hazard.
    Existing(PhotoRow),
}

/// Attaches `upload` to open hazard `hazard_id`, with a timeline event.
pub fn upload(st: &AppState, actor: &Actor, hazard_id: &str, upload: Upload) -> Result<Stored, ApiError> {
    let sha = sha256_hex(&upload.file);
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, hazard_id)?;
    if let Some(existing) = photos::by_hash(&mut conn, hazard_id, &sha)? {
        return Ok(Stored::Existing(existing));
    }
    let status = status_of(&before)?;
    if !status.is_open() {
        return Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: format!("cannot add photos to a hazard that is {status}"),
        });
    }
    st.blobs.put(&sha, &upload.file)?;
    let now = st.now_naive();
    let dims = thumbnail::dimensions(&upload.file);
    let photo = PhotoRow {
        id: Uuid::now_v7().to_string(),
        hazard_id: hazard_id.to_owned(),
        kind: upload.kind.as_str().into(),
        sha256: sha.clone(),
        content_type: upload.image.mime().into(),
        size_bytes: i64::try_from(upload.file.len()).unwrap_or(i64::MAX),
        width: dims.and_then(|(w, _)| i32::try_from(w).ok()),
        height: dims.and_then(|(_, h)| i32::try_from(h).ok()),
        taken_at: upload.taken_at,
        latitude: upload.coordinates.map(Coordinates::latitude),
        longitude: upload.coordinates.map(Coordinates::longitude),
        uploaded_by: actor.user_id.to_string(),
        created_at: now,
        thumb_sha256: None,
    };
    let data = serde_json::json!({"photo_id": photo.id, "kind": upload.kind});
    let (after, event) = bump(&before, actor, EventKind::Photo, None, data, now);
    match photos::add(&mut conn, &photo, &before, &after, event) {
        Ok(()) => Ok(Stored::Created(photo)),
        Err(InfraError::Conflict(_)) => match photos::by_hash(&mut conn, hazard_id, &sha)? {
            Some(existing) => Ok(Stored::Existing(existing)),
            None => Err(ApiError::conflict("the hazard changed while the photo was stored; retry")),
        },
        Err(e) => Err(e.into()),
    }
}
