//! The one keyset-cursor format of every list: base64url of the JSON array of the last
//! row's sort key (e.g. `[created_at_micros, "id"]`, `["username"]`, `[sequence]`).
//! Opaque to clients; anything this API did not make is a 400 naming `cursor`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::Serialize;

use hazard_infra::{DbConnection, InfraError};

use crate::error::ApiError;

/// The 400 problem for a cursor this API did not make.
pub fn bad_cursor() -> ApiError {
    ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("cursor", "not a cursor from this API")],
    }
}

/// Encodes the position after a row with sort key `key`.
pub fn encode<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// Decodes a cursor made by [`encode`] with a key of the same shape.
pub fn decode<K: DeserializeOwned>(s: &str) -> Result<K, ApiError> {
    let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad_cursor())?;
    serde_json::from_slice(&raw).map_err(|_| bad_cursor())
}

/// The key of lists ordered by a timestamp and an id (hazards, tips, inspections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyset {
    /// The row's time.
    pub at: NaiveDateTime,
    /// The row's id (a UUID).
    pub id: String,
}

impl Keyset {
    /// The key of the row at `(at, id)`.
    pub fn new(at: NaiveDateTime, id: &str) -> Self {
        Self { at, id: id.to_owned() }
    }

    /// The cursor after this row.
    pub fn encode(&self) -> String {
        encode(&(self.at.and_utc().timestamp_micros(), &self.id))
    }

    /// Reads a cursor made by [`Keyset::encode`].
    pub fn decode(s: &str) -> Result<Self, ApiError> {
        let (micros, id): (i64, String) = decode(s)?;
        let at = DateTime::from_timestamp_micros(micros).ok_or_else(bad_cursor)?.naive_utc();
        uuid::Uuid::parse_str(&id).map_err(|_| bad_cursor())?;
        Ok(Self { at, id })
    }
}

/// Cuts the `limit + 1` rows a repository returned into a page and the cursor after its
/// last row (`None` on the last page).
pub fn page_of<T>(mut rows: Vec<T>, limit: i64, cursor_after: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next = if has_more { rows.last().map(cursor_after) } else { None };
    (rows, next)
}

/// One page of a list in time-and-id order (tips, inspections): `load` reads up to
/// `limit + 1` rows after `after`, `key` is a row's position, `dto` its wire form (with the
/// same connection, for what it adds).
pub fn timed_page<R, D>(
    conn: &mut DbConnection,
    (after, limit): (Option<&Keyset>, i64),
    load: impl FnOnce(&mut DbConnection, Option<(NaiveDateTime, &str)>, i64) -> Result<Vec<R>, InfraError>,
    key: impl Fn(&R) -> Keyset,
    mut dto: impl FnMut(&mut DbConnection, R) -> Result<D, ApiError>,
) -> Result<(Vec<D>, Option<String>), ApiError> {
    let rows = load(conn, after.map(|k| (k.at, k.id.as_str())), limit + 1)?;
    let (rows, next) = page_of(rows, limit, |r| key(r).encode());
    let items = rows.into_iter().map(|r| dto(conn, r)).collect::<Result<Vec<_>, _>>()?;
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let k = Keyset::new(
            DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap().naive_utc(),
            &uuid::Uuid::new_v4().to_string(),
        );
        assert_eq!(Keyset::decode(&k.encode()).unwrap(), k);
        for bad in ["", "!!!", "bm90LWEtY3Vyc29y", &encode(&(12, "not-a-uuid")), &encode(&("x",))] {
            assert!(Keyset::decode(bad).is_err(), "{bad}");
        }
        assert_eq!(decode::<(String,)>(&encode(&("alice",))).unwrap().0, "alice");
        assert!(decode::<(i64,)>(&encode(&("alice",))).is_err());
    }

    #[test]
    fn pages_stop_at_the_limit() {
        let at = DateTime::from_timestamp_micros(0).unwrap().naive_utc();
        let id = uuid::Uuid::nil().to_string();
        let (rows, next) = page_of(vec![1, 2, 3], 2, |_| Keyset::new(at, &id).encode());
        assert_eq!(rows, [1, 2]);
        assert!(next.is_some());
        let (rows, next) = page_of(vec![1, 2], 2, |_| Keyset::new(at, &id).encode());
        assert_eq!(rows, [1, 2]);
        assert!(next.is_none());
    }
}
