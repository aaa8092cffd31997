//! Opaque keyset cursors: base64url of `<created_at micros>:<id>`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use hazard_infra::repo::hazards::Cursor;

use crate::error::ApiError;

/// Encodes the position after `c`.
pub fn encode(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{}", c.created_at.and_utc().timestamp_micros(), c.id))
}

/// Decodes a cursor from a previous page; anything else is a 400 naming `cursor`.
pub fn decode(s: &str) -> Result<Cursor, ApiError> {
    let bad = || ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("cursor", "not a cursor from this API")],
    };
    let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (micros, id) = text.split_once(':').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    let created_at = DateTime::from_timestamp_micros(micros).ok_or_else(bad)?.naive_utc();
    uuid::Uuid::parse_str(id).map_err(|_| bad())?;
    Ok(Cursor { created_at, id: id.to_owned() })
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
