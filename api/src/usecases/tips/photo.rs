//! Add a photo to one's own tip (`POST /v1/public/tips/{code}/photos`).

use hazard_domain::media::ImageType;
use hazard_domain::tip;
use hazard_infra::models::TipPhotoRow;
use hazard_infra::repo::tips;
use hazard_infra::secrets::sha256_hex;
use uuid::Uuid;

use super::{load_with_secret, status_of};
use crate::error::ApiError;
use crate::state::AppState;

/// Checks that the code and secret name a tip still awaiting review; call before reading
/// the upload, so strangers learn nothing and send nothing.
pub fn check(st: &AppState, code: &str, secret: Option<&str>) -> Result<(), ApiError> {
    let tip = load_with_secret(&mut *st.conn()?, secret, code)?;
    Ok(tip::check_photo(status_of(&tip)?)?)
}

/// Stores `file` (of type `image`) with the tip.
pub fn add(st: &AppState, code: &str, secret: Option<&str>, file: Vec<u8>, image: ImageType) -> Result<(), ApiError> {
    let mut conn = st.conn()?;
    let tip = load_with_secret(&mut conn, secret, code)?;
    tip::check_photo(status_of(&tip)?)?;
    let sha = sha256_hex(&file);
    st.blobs.put(&sha, &file)?;
    let row = TipPhotoRow {
        id: Uuid::now_v7().to_string(),
        tip_id: tip.id,
        sha256: sha,
        content_type: image.mime().into(),
        size_bytes: i64::try_from(file.len()).unwrap_or(i64::MAX),
        created_at: st.now_naive(),
    };
    tips::add_photo(&mut conn, &row)?;
    Ok(())
}
