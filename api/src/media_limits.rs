//! Images are judged by their header before anything decodes them: one larger than
//! `HAZARD_MAX_IMAGE_PIXELS` is refused with 422, since a small compressed file can
//! decode to gigabytes (a 455 KB PNG of 16,000 x 10,000 pixels needs ~460 MB).

use hazard_domain::media::ImageType;
use hazard_infra::thumbnail;

use crate::error::ApiError;

/// The type of an uploaded image judged by its bytes, checked against `max` pixels: the
/// one acceptance of every photo upload (hazards, tips, Open311). Anything else is a 415
/// saying `refusal`.
pub fn accept_image(bytes: &[u8], max: u64, refusal: &str) -> Result<ImageType, ApiError> {
    let image = ImageType::sniff(bytes).ok_or_else(|| ApiError::UnsupportedMediaType(refusal.to_owned()))?;
    check_pixels(bytes, max)?;
    Ok(image)
}

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
