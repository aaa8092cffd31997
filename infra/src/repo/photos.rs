//! Photo metadata. Adding a photo is a change of its hazard (version, event, sync).

use diesel::prelude::*;

use crate::models::{HazardRow, NewEvent, PhotoRow};
use crate::repo::hazards;
use crate::schema::photos;
use crate::{DbConnection, InfraError};

/// The photo of `hazard_id` with these bytes, if already uploaded.
pub fn by_hash(conn: &mut DbConnection, hazard_id: &str, sha256: &str) -> Result<Option<PhotoRow>, InfraError> {
    Ok(photos::table
        .filter(photos::hazard_id.eq(hazard_id))
        .filter(photos::sha256.eq(sha256))
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?)
}

/// Adds a photo and bumps its hazard (`after` = `before` with a new version), recording
/// the event; a concurrent identical upload or hazard change is a conflict.
pub fn add(
    conn: &mut DbConnection,
    photo: &PhotoRow,
    before: &HazardRow,
    after: &HazardRow,
    event: NewEvent,
) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        diesel::insert_into(photos::table).values(photo).execute(conn)?;
        hazards::update(conn, before, after, &[event])
    })
}

/// One photo.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<PhotoRow>, InfraError> {
    Ok(photos::table.find(id).select(PhotoRow::as_select()).first(conn).optional()?)
}

/// A hazard's photos, oldest first.
pub fn for_hazard(conn: &mut DbConnection, hazard_id: &str) -> Result<Vec<PhotoRow>, InfraError> {
    Ok(photos::table
        .filter(photos::hazard_id.eq(hazard_id))
        .order((photos::created_at, photos::id))
        .select(PhotoRow::as_select())
        .load(conn)?)
}

/// How many `after` photos a hazard has (the evidence rule).
pub fn after_count(conn: &mut DbConnection, hazard_id: &str) -> Result<i64, InfraError> {
    Ok(photos::table
        .filter(photos::hazard_id.eq(hazard_id))
        .filter(photos::kind.eq("after"))
        .count()
        .get_result(conn)?)
}

/// Remembers the thumbnail made for a photo.
pub fn set_thumb(conn: &mut DbConnection, id: &str, thumb_sha256: &str) -> Result<(), InfraError> {
    diesel::update(photos::table.find(id)).set(photos::thumb_sha256.eq(thumb_sha256)).execute(conn)?;
    Ok(())
}

/// Stores a photo row without touching its hazard (used inside a larger transaction).
pub fn insert(conn: &mut DbConnection, photo: &PhotoRow) -> Result<(), InfraError> {
    diesel::insert_into(photos::table).values(photo).execute(conn)?;
    Ok(())
}
