//! Small JPEG thumbnails for list screens, made once per photo.

use std::io::Cursor;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use image::{ImageFormat, ImageReader, Limits};

/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIZE: u32 = 320;

/// The pixel size of an image, when its header can be read.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.into_dimensions().ok()
}

/// Thumbnails decoded at once, per process; set once at start-up.
static CONCURRENCY: OnceLock<usize> = OnceLock::new();
static BUSY: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Sets how many thumbnails decode at once in this process (the first call wins).
pub fn configure(concurrency: usize) {
    let _ = CONCURRENCY.set(concurrency.max(1));
}

/// Width times height, when the header can be read.
pub fn pixels(bytes: &[u8]) -> Option<u64> {
    dimensions(bytes).map(|(w, h)| u64::from(w) * u64::from(h))
}

/// A slot among the concurrent decoders, given back on drop.
struct Slot;

impl Slot {
    /// Waits up to `wait` for a slot.
    fn take(wait: Duration) -> Option<Slot> {
        let limit = *CONCURRENCY.get().unwrap_or(&2);
        let busy = BUSY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (mut busy, _) =
            FREED.wait_timeout_while(busy, wait, |b| *b >= limit).unwrap_or_else(std::sync::PoisonError::into_inner);
        if *busy >= limit {
            return None;
        }
        *busy += 1;
        Some(Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut busy = BUSY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *busy = busy.saturating_sub(1);
        FREED.notify_one();
    }
}

/// A JPEG thumbnail of a JPEG, PNG or WebP image; `None` when the format cannot be
/// decoded here (HEIC), the image is corrupt or larger than `max_pixels`, or every
/// decoder stayed busy for 10 s (the caller then serves the original). Decoding is
/// bounded in pixels, memory and concurrency, so crafted "decompression bombs" or many
/// large images at once cannot exhaust memory.
pub fn make(bytes: &[u8], max_pixels: u64) -> Option<Vec<u8>> {
    let max = max_pixels.max(1);
    if pixels(bytes)? > max {
        return None;
    }
    let _slot = Slot::take(Duration::from_secs(10))?;
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    // Decoded RGBA plus working space.
    limits.max_alloc = Some(max.saturating_mul(4).saturating_add(64 * 1024 * 1024));
    reader.limits(limits);
    let image = reader.decode().ok()?;
    let thumb = image.thumbnail(THUMB_SIZE, THUMB_SIZE).to_rgb8();
    let mut out = Cursor::new(Vec::new());
    thumb.write_to(&mut out, ImageFormat::Jpeg).ok()?;
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn thumbnails_are_small_jpegs() {
        let big = png(1200, 600);
        assert_eq!(dimensions(&big), Some((1200, 600)));
        let thumb = make(&big, 40_000_000).unwrap();
        assert_eq!(&thumb[..3], &[0xFF, 0xD8, 0xFF]);
        assert_eq!(dimensions(&thumb), Some((320, 160)));
        assert!(make(b"not an image", 40_000_000).is_none());
        assert!(make(&big, 1200 * 600 - 1).is_none(), "over the pixel bound: not decoded");
    }
}
