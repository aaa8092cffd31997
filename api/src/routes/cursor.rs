//! Opaque keyset cursors: base64url of `<time in microseconds>:<id>`, shared by every
//! list ordered by a timestamp and an id.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDateTime};
use hazard_infra::repo::hazards::Cursor;

use crate::error::ApiError;

/// The 400 problem for a cursor this API did not make.
pub fn bad_cursor() -> ApiError {
    ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("cursor", "not a cursor from this API")],
    }
}

/// Encodes the position after the row at `(at, id)`.
pub fn encode_at(at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{id}", at.and_utc().timestamp_micros()))
}

/// Decodes a cursor made by [`encode_at`]; anything else is a 400 naming `cursor`.
pub fn decode_at(s: &str) -> Result<(NaiveDateTime, String), ApiError> {
    let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad_cursor())?;
    let text = String::from_utf8(raw).map_err(|_| bad_cursor())?;
    let (micros, id) = text.split_once(':').ok_or_else(bad_cursor)?;
    let micros: i64 = micros.parse().map_err(|_| bad_cursor())?;
    let at = DateTime::from_timestamp_micros(micros).ok_or_else(bad_cursor)?.naive_utc();
    uuid::Uuid::parse_str(id).map_err(|_| bad_cursor())?;
    Ok((at, id.to_owned()))
}

/// Encodes the position after a hazard.
pub fn encode(c: &Cursor) -> String {
    encode_at(c.created_at, &c.id)
}

/// Decodes a hazard-list cursor.
pub fn decode(s: &str) -> Result<Cursor, ApiError> {
    decode_at(s).map(|(created_at, id)| Cursor { created_at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let c = Cursor {
            created_at: DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap().naive_utc(),
            id: uuid::Uuid::new_v4().to_string(),
        };
        assert_eq!(decode(&encode(&c)).unwrap(), c);
        for bad in ["", "!!!", "bm90LWEtY3Vyc29y", &URL_SAFE_NO_PAD.encode("12:not-a-uuid")] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
