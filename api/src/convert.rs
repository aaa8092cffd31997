//! Conversions between stored and wire representations.

use chrono::{DateTime, NaiveDateTime, Utc};
use uuid::Uuid;

use crate::error::ApiError;

/// A stored UTC time as an RFC 3339 instant.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A stored id; a malformed one is our bug, not the client's.
pub fn stored_uuid(s: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|e| ApiError::internal(format!("stored id `{s}`: {e}")))
}

/// A path id; anything that is not a UUID cannot name a record, so it is a 404.
pub fn path_uuid(s: &str, what: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|_| ApiError::NotFound(format!("no such {what}")))
}
