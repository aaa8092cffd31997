//! JSON written field by field into the page's buffer, byte for byte as serde_json writes
//! the same values. serde's derived `Serialize` went through a map serializer per field and
//! serde_json's escaper read every byte of every string through a table: together the
//! largest part of a page's CPU after the rows themselves (issue 13, fifth pass). Strings
//! here are scanned eight bytes at a time and copied whole when nothing needs escaping;
//! anything else (escapes, numbers, enums, the nested plan) is still serde_json's own
//! output.

use serde::Serialize;
use uuid::Uuid;

use super::time::{Day, Stamp};

/// A value that appends its JSON text to a buffer.
pub trait Json {
    /// Appends `self` as JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// Declares a struct and its [`Json`] impl from one field list: an object with the fields
/// in declaration order under their own names, as `#[derive(Serialize)]` writes it.
macro_rules! json_object {
    (
        $(#[$meta:meta])*
        struct $name:ident<$lt:lifetime> {
            $(#[$first_meta:meta])* $first:ident: $first_ty:ty,
            $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        struct $name<$lt> {
            $(#[$first_meta])* $first: $first_ty,
            $($(#[$field_meta])* $field: $ty,)*
        }

        impl $crate::routes::hazards::list_json::json::Json for $name<'_> {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                out.extend_from_slice(concat!("{\"", stringify!($first), "\":").as_bytes());
                self.$first.write_json(out)?;
                $(
                    out.extend_from_slice(concat!(",\"", stringify!($field), "\":").as_bytes());
                    self.$field.write_json(out)?;
                )*
                out.push(b'}');
                Ok(())
            }
        }
    };
}
pub(super) use json_object;

/// Whether serde_json would escape any byte of `s`: a control character, `"` or `\`.
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// Whether any byte of `x` is zero (exact as a yes/no answer).
    fn any_zero(x: u64) -> bool {
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    }
    let mut chunks = s.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else { return true };
        let x = u64::from_le_bytes(bytes);
        // A byte below 0x20 (one at 0x80 or above cannot borrow into this test).
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
        if control || any_zero(x ^ (ONES * u64::from(b'"'))) || any_zero(x ^ (ONES * u64::from(b'\\'))) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

impl Json for str {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        if needs_escape(self.as_bytes()) {
            return serde_json::to_writer(out, self);
        }
        out.reserve(self.len() + 2);
        out.push(b'"');
        out.extend_from_slice(self.as_bytes());
        out.push(b'"');
        Ok(())
    }
}

impl<T: Json + ?Sized> Json for &T {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        (**self).write_json(out)
    }
}

impl<T: Json> Json for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Some(v) => v.write_json(out),
            None => {
                out.extend_from_slice(b"null");
                Ok(())
            }
        }
    }
}

impl Json for () {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"null");
        Ok(())
    }
}

impl Json for bool {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

impl Json for Uuid {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut buf = Uuid::encode_buffer();
        self.hyphenated().encode_lower(&mut buf).write_json(out)
    }
}

/// A stored id, written as the [`Uuid`] it holds: its own text when that is already the
/// canonical form (lowercase and hyphenated, as this service stores every id), which spares
/// parsing and formatting it again; otherwise the parsed value.
#[derive(Debug, Clone, Copy)]
pub enum Id<'a> {
    /// Text that is a canonical UUID.
    Canonical(&'a str),
    /// Any other accepted spelling, written canonically.
    Parsed(Uuid),
}

impl<'a> Id<'a> {
    /// `text` itself when it is canonical, else what `parse` makes of it (an error for a
    /// stored id that is no UUID, as the full view reports it).
    pub fn new<E>(text: &'a str, parse: impl FnOnce(&'a str) -> Result<Uuid, E>) -> Result<Self, E> {
        if Self::canonical(text) {
            Ok(Id::Canonical(text))
        } else {
            parse(text).map(Id::Parsed)
        }
    }

    /// Whether `text` is what `Uuid::hyphenated().encode_lower` writes.
    pub fn canonical(text: &str) -> bool {
        let b = text.as_bytes();
        b.len() == 36
            && b.iter().enumerate().all(|(i, &c)| match i {
                8 | 13 | 18 | 23 => c == b'-',
                _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
            })
    }
}

impl Json for Id<'_> {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Id::Canonical(text) => {
                out.push(b'"');
                out.extend_from_slice(text.as_bytes());
                out.push(b'"');
                Ok(())
            }
            Id::Parsed(id) => id.write_json(out),
        }
    }
}

impl Json for Stamp {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut buf = [0u8; 30];
        match self.text(&mut buf) {
            Some(text) => text.write_json(out),
            None => serde_json::to_writer(out, self),
        }
    }
}

impl Json for Day {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut buf = [0u8; 10];
        match self.text(&mut buf) {
            Some(text) => text.write_json(out),
            None => serde_json::to_writer(out, self),
        }
    }
}

/// Values whose JSON serde_json writes best itself: numbers (its float and integer
/// formatting), the wire enums, the nested plan.
macro_rules! through_serde {
    ($($ty:ty),* $(,)?) => {
        $(impl Json for $ty {
            fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
                self.serialize(&mut serde_json::Serializer::new(out))
            }
        })*
    };
}
through_serde!(
    f64,
    i64,
    hazard_openapi::enums::GradeDto,
    hazard_openapi::enums::SourceDto,
    hazard_openapi::enums::StatusDto,
    hazard_openapi::hazards::RectificationPlanDto,
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written<T: Json + ?Sized>(v: &T) -> String {
        let mut out = Vec::new();
        v.write_json(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(s in "\\PC{0,40}|[\"\\\\\u{0}-\u{1f}\u{7f}a-z东城区-]{0,40}|.{0,40}") {
            prop_assert_eq!(written(s.as_str()), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn a_single_escapable_byte_is_found_at_any_position(prefix in "[a-z东]{0,20}", b in 0u8..0x80, suffix in "[a-z]{0,20}") {
            let s = format!("{prefix}{}{suffix}", char::from(b));
            prop_assert_eq!(needs_escape(s.as_bytes()), s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'));
            prop_assert_eq!(written(s.as_str()), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn numbers_and_ids_are_written_as_serde_json_writes_them(f in any::<f64>(), i in any::<i64>(), u in any::<u128>()) {
            prop_assert_eq!(written(&f), serde_json::to_string(&f).unwrap());
            prop_assert_eq!(written(&i), serde_json::to_string(&i).unwrap());
            let id = Uuid::from_u128(u);
            prop_assert_eq!(written(&id), serde_json::to_string(&id).unwrap());
        }
    }

    proptest! {
        #[test]
        fn a_stored_id_is_written_as_its_uuid_in_any_accepted_spelling(u in any::<u128>(), upper in any::<bool>(), plain in any::<bool>()) {
            let id = Uuid::from_u128(u);
            let text = match (upper, plain) {
                (false, false) => id.hyphenated().to_string(),
                (true, false) => id.hyphenated().to_string().to_uppercase(),
                (false, true) => id.simple().to_string(),
                (true, true) => id.simple().to_string().to_uppercase(),
            };
            let stored = Id::new(&text, Uuid::parse_str).unwrap();
            prop_assert_eq!(matches!(stored, Id::Canonical(_)), !upper && !plain);
            prop_assert_eq!(written(&stored), serde_json::to_string(&id).unwrap());
        }
    }

    #[test]
    fn text_that_is_no_uuid_is_left_to_the_parser() {
        for bad in ["", "not-a-uuid", "0123456789abcdef0123456789abcdef0123", "01234567-89ab-cdef-0123-456789abcdeg"] {
            assert!(!Id::canonical(bad), "{bad}");
            assert!(Id::new(bad, Uuid::parse_str).is_err(), "{bad}");
        }
    }

    #[test]
    fn bytes_at_and_above_0x80_are_not_mistaken_for_control_characters() {
        for b in 0x80u8..=0xff {
            let bytes = [b'a', b, b'a', b'a', b'a', b'a', b'a', b'a'];
            assert!(!needs_escape(&bytes), "{b:#x}");
        }
        assert!(needs_escape(b"abcdefg\x1f"));
        assert!(needs_escape(b"\x00bcdefgh"));
        assert!(!needs_escape(b" !#$%&'()*+,-./0123456789"));
    }
}
