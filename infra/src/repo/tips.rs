//! Public tips (隐患举报). The reporter's identity lives in its own table and is read by
//! one function only, which the API calls for administrators.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hazard_domain::RowScope;

use crate::models::{HazardRow, NewEvent, PhotoRow, TipPhotoRow, TipReporterRow, TipRow};
use crate::repo::{hazards, photos};
use crate::schema::{tip_photos, tip_reporters, tips};
use crate::{DbConnection, InfraError};

/// Stores a tip and, separately, who sent it.
pub fn insert(conn: &mut DbConnection, tip: &TipRow, reporter: Option<&TipReporterRow>) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        diesel::insert_into(tips::table).values(tip).execute(conn)?;
        if let Some(r) = reporter {
            diesel::insert_into(tip_reporters::table).values(r).execute(conn)?;
        }
        Ok(())
    })
}

/// One tip by id.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<TipRow>, InfraError> {
    Ok(tips::table.find(id).select(TipRow::as_select()).first(conn).optional()?)
}

/// One tip by tracking code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> Result<Option<TipRow>, InfraError> {
    Ok(tips::table.filter(tips::tracking_code.eq(code)).select(TipRow::as_select()).first(conn).optional()?)
}

/// Saves a changed tip if it is still at `expected_updated_at` (a lost race is a conflict).
pub fn update(conn: &mut DbConnection, tip: &TipRow, expected_updated_at: NaiveDateTime) -> Result<(), InfraError> {
    let n = diesel::update(tips::table.find(&tip.id).filter(tips::updated_at.eq(expected_updated_at)))
        .set(tip)
        .execute(conn)?;
    if n == 0 {
        return Err(InfraError::Conflict("the tip changed concurrently".into()));
    }
    Ok(())
}

/// The reporter of a tip: administrators only.
pub fn reporter(conn: &mut DbConnection, tip_id: &str) -> Result<Option<TipReporterRow>, InfraError> {
    Ok(tip_reporters::table.find(tip_id).select(TipReporterRow::as_select()).first(conn).optional()?)
}

/// Filters for the staff tip list.
#[derive(Debug, Clone)]
pub struct TipFilter {
    /// Only this status.
    pub status: Option<String>,
    /// The rows the caller may see (street accounts: tips placed in their street).
    pub scope: RowScope,
}

/// A page of tips, newest first, after `(created_at, id)`.
pub fn list(
    conn: &mut DbConnection,
    filter: &TipFilter,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<TipRow>, InfraError> {
    let mut query = tips::table
        .select(TipRow::as_select())
        .order((tips::created_at.desc(), tips::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(s) = &filter.status {
        query = query.filter(tips::status.eq(s.clone()));
    }
    match &filter.scope {
        RowScope::All => {}
        RowScope::Street(s) => query = query.filter(tips::street_code.eq(s.clone())),
        RowScope::Enterprise(_) | RowScope::Nothing => return Ok(Vec::new()),
    }
    if let Some((t, id)) = after {
        query = query.filter(tips::created_at.lt(t).or(tips::created_at.eq(t).and(tips::id.lt(id.to_owned()))));
    }
    Ok(query.load(conn)?)
}

/// Adds a photo to a tip (the same bytes twice are stored once).
pub fn add_photo(conn: &mut DbConnection, row: &TipPhotoRow) -> Result<TipPhotoRow, InfraError> {
    let existing = tip_photos::table
        .filter(tip_photos::tip_id.eq(&row.tip_id))
        .filter(tip_photos::sha256.eq(&row.sha256))
        .select(TipPhotoRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(e) = existing {
        return Ok(e);
    }
    diesel::insert_into(tip_photos::table).values(row).execute(conn)?;
    Ok(row.clone())
}

/// A tip's photos.
pub fn photos(conn: &mut DbConnection, tip_id: &str) -> Result<Vec<TipPhotoRow>, InfraError> {
    Ok(tip_photos::table
        .filter(tip_photos::tip_id.eq(tip_id))
        .order(tip_photos::created_at)
        .select(TipPhotoRow::as_select())
        .load(conn)?)
}

/// Verifies a tip in one transaction: files its hazard (with the tip's photos) and saves
/// the tip as verified, if it has not changed since `expected_updated_at`.
pub fn verify(
    conn: &mut DbConnection,
    hazard: HazardRow,
    year: i32,
    event: NewEvent,
    copies: &[PhotoRow],
    tip: &TipRow,
    expected_updated_at: NaiveDateTime,
) -> Result<(), InfraError> {
    crate::db::write(conn, |conn| {
        hazards::create(conn, hazard, year, event)?;
        for photo in copies {
            photos::insert(conn, photo)?;
        }
        update(conn, tip, expected_updated_at)
    })
}
