//! The webhook outbox: each change appends its events in the same transaction, so an
//! event is never lost nor sent for a change that rolled back.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::models::HazardRow;
use crate::schema::{hazards, outbox};
use crate::{DbConnection, InfraError};

/// The event types receivers can subscribe to.
pub const EVENT_TYPES: [&str; 7] = [
    "hazard.created",
    "hazard.updated",
    "hazard.status_changed",
    "hazard.overdue",
    "supervision.listed",
    "supervision.escalated",
    "supervision.lifted",
];

/// Appends an event about `hazard`, which must be the row exactly as this transaction
/// wrote it (filing and updates have it in hand: reading it back would cost a round trip
/// on the write path, inside the transaction).
pub fn enqueue(
    conn: &mut DbConnection,
    event_type: &str,
    hazard: &HazardRow,
    data: Option<serde_json::Value>,
    now: NaiveDateTime,
) -> Result<(), InfraError> {
    insert(conn, event_type, &hazard.id, &hazard.street_code, data, now, Some(hazard))
}

/// Appends an event about a hazard changed by a targeted statement, reading it as it
/// stands in this transaction (call it after the change is written).
pub fn enqueue_stored(
    conn: &mut DbConnection,
    event_type: &str,
    hazard_id: &str,
    street_code: &str,
    data: Option<serde_json::Value>,
    now: NaiveDateTime,
) -> Result<(), InfraError> {
    let snapshot: Option<HazardRow> =
        hazards::table.find(hazard_id).select(HazardRow::as_select()).first(conn).optional()?;
    insert(conn, event_type, hazard_id, street_code, data, now, snapshot.as_ref())
}

fn insert(
    conn: &mut DbConnection,
    event_type: &str,
    hazard_id: &str,
    street_code: &str,
    data: Option<serde_json::Value>,
    now: NaiveDateTime,
    snapshot: Option<&HazardRow>,
) -> Result<(), InfraError> {
    let snapshot = snapshot.map(serde_json::to_string).transpose().map_err(|e| InfraError::Corrupt(e.to_string()))?;
    diesel::insert_into(outbox::table)
        .values((
            outbox::event_id.eq(Uuid::now_v7().to_string()),
            outbox::event_type.eq(event_type),
            outbox::hazard_id.eq(hazard_id),
            outbox::street_code.eq(street_code),
            outbox::data.eq(data.map(|d| d.to_string())),
            outbox::fanned_out.eq(false),
            outbox::created_at.eq(now),
            outbox::hazard_snapshot.eq(snapshot),
        ))
        .execute(conn)?;
    Ok(())
}
