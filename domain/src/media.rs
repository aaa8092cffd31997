//! Photo formats, judged by their bytes (never by the file name a phone sends).

/// An accepted image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// JPEG (FF D8 FF).
    Jpeg,
    /// PNG (89 50 4E 47 0D 0A 1A 0A).
    Png,
    /// WebP (RIFF …. WEBP).
    Webp,
    /// HEIC/HEIF, as iPhones shoot (ISO BMFF `ftyp` with a HEIF brand).
    Heic,
}

impl ImageType {
    /// The MIME type to serve it with.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
            ImageType::Heic => "image/heic",
        }
    }

    /// Recognises the format from the first bytes; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        const HEIF_BRANDS: [&[u8; 4]; 7] = [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1"];
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageType::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageType::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageType::Webp),
            [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..] if brand.len() >= 4 => {
                let major: &[u8] = &brand[..4];
                HEIF_BRANDS.iter().any(|b| &b[..] == major).then_some(ImageType::Heic)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_magic_bytes() {
        assert_eq!(ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(ImageType::Jpeg));
        assert_eq!(ImageType::sniff(b"\x89PNG\r\n\x1a\n...."), Some(ImageType::Png));
        assert_eq!(ImageType::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ImageType::Webp));
        assert_eq!(ImageType::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(ImageType::Heic));
        assert_eq!(ImageType::sniff(b"\0\0\0\x18ftypmp42\0\0\0\0"), None, "an MP4 video is not a photo");
        assert_eq!(ImageType::sniff(b"this is text pretending to be a .jpg"), None);
        assert_eq!(ImageType::sniff(b""), None);
    }
}
