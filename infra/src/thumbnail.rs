//! Small JPEG thumbnails for list screens, made once per photo.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIZE: u32 = 320;

/// The pixel size of an image, when its header can be read.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.into_dimensions().ok()
}

/// A JPEG thumbnail of a JPEG, PNG or WebP image; `None` when the format cannot be
/// decoded here (HEIC) or the image is corrupt. Decoding is bounded, so a crafted
/// "decompression bomb" fails instead of exhausting memory.
pub fn make(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
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
        let thumb = make(&big).unwrap();
        assert_eq!(&thumb[..3], &[0xFF, 0xD8, 0xFF]);
        assert_eq!(dimensions(&thumb), Some((320, 160)));
        assert!(make(b"not an image").is_none());
    }
}
