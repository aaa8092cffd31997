//! Images are judged by their header before anything decodes them: one larger than
//! `HAZARD_MAX_IMAGE_PIXELS` is refused with 422, since a small compressed file can
//! decode to gigabytes (a 455 KB PNG of 16,000 x 10,000 pixels needs ~460 MB).

use hazard_infra::thumbnail;

use crate::error::ApiError;

/// Refuses an image whose header announces more pixels than `max`.
pub fn check_pixels(bytes: &[u8], max: u64) -> Result<(), ApiError> {
    match thumbnail::dimensions(bytes) {
        Some((w, h)) if u64::from(w) * u64::from(h) > max => Err(ApiError::field(
            "file",
            format!("the image is {w} x {h} pixels; at most {} megapixels are accepted", max / 1_000_000),
        )),
        _ => Ok(()),
    }
}
