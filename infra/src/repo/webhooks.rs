//! Webhooks and their deliveries. Workers claim work with conditional UPDATEs (the row
//! changes only if nobody claimed it first), which is safe with several replicas on
//! PostgreSQL and with one process on SQLite.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::models::{DeliveryRow, OutboxRow, WebhookRow};
use crate::schema::{api_clients, outbox, webhook_deliveries, webhooks};
use crate::{DbConnection, InfraError};

/// Registers a webhook.
pub fn insert(conn: &mut DbConnection, row: &WebhookRow) -> Result<(), InfraError> {
    diesel::insert_into(webhooks::table).values(row).execute(conn)?;
    Ok(())
}

/// One webhook of a client.
pub fn get(conn: &mut DbConnection, client_id: &str, id: &str) -> Result<Option<WebhookRow>, InfraError> {
    Ok(webhooks::table
        .find(id)
        .filter(webhooks::client_id.eq(client_id))
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?)
}

/// A client's webhooks.
pub fn for_client(conn: &mut DbConnection, client_id: &str) -> Result<Vec<WebhookRow>, InfraError> {
    Ok(webhooks::table
        .filter(webhooks::client_id.eq(client_id))
        .order(webhooks::created_at)
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// Saves a changed webhook.
pub fn update(conn: &mut DbConnection, row: &WebhookRow) -> Result<(), InfraError> {
    diesel::update(webhooks::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// Events not yet fanned out, oldest first.
pub fn unfanned(conn: &mut DbConnection, limit: i64) -> Result<Vec<OutboxRow>, InfraError> {
    Ok(outbox::table
        .filter(outbox::fanned_out.eq(false))
        .order(outbox::id)
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Active webhooks of active clients, with the client's street restriction.
pub fn subscribers(conn: &mut DbConnection) -> Result<Vec<(WebhookRow, Option<String>)>, InfraError> {
    Ok(webhooks::table
        .inner_join(api_clients::table.on(api_clients::id.eq(webhooks::client_id)))
        .filter(webhooks::active.eq(true))
        .filter(api_clients::active.eq(true))
        .select((WebhookRow::as_select(), api_clients::street_code))
        .load(conn)?)
}

/// One outbox event ready to fan out: its body and the webhooks that receive it.
#[derive(Debug, Clone, Copy)]
pub struct FanOut<'a> {
    /// The event.
    pub event: &'a OutboxRow,
    /// Its delivery body (empty when nobody listens).
    pub payload: &'a str,
    /// The webhooks it goes to.
    pub webhook_ids: &'a [String],
}

/// Claims a batch of events for fan-out and creates their deliveries, in one transaction:
/// one commit for the batch, not one per event, so the outbox keeps up with filing at
/// hundreds a second. Events nobody listens to are marked done by one conditional UPDATE
/// for all of them. Each event with receivers is claimed by its own conditional UPDATE,
/// in outbox order (the order every worker claims in, so two replicas never deadlock),
/// then its deliveries are created; one another worker claimed first is skipped.
/// Returns how many this call claimed.
pub fn fan_out(conn: &mut DbConnection, batch: &[FanOut<'_>], now: NaiveDateTime) -> Result<usize, InfraError> {
    let mut ordered: Vec<&FanOut<'_>> = batch.iter().filter(|f| !f.webhook_ids.is_empty()).collect();
    ordered.sort_by_key(|f| f.event.id);
    let mut unheard: Vec<i64> = batch.iter().filter(|f| f.webhook_ids.is_empty()).map(|f| f.event.id).collect();
    unheard.sort_unstable();
    crate::db::write(conn, |conn| {
        let mut claimed = 0;
        if !unheard.is_empty() {
            claimed +=
                diesel::update(outbox::table.filter(outbox::id.eq_any(&unheard)).filter(outbox::fanned_out.eq(false)))
                    .set((outbox::fanned_out.eq(true), outbox::payload.eq("")))
                    .execute(conn)?;
        }
        for item in ordered {
            let event = item.event;
            let n = diesel::update(outbox::table.find(event.id).filter(outbox::fanned_out.eq(false)))
                .set((outbox::fanned_out.eq(true), outbox::payload.eq(item.payload)))
                .execute(conn)?;
            if n == 0 {
                continue;
            }
            claimed += 1;
            for webhook_id in item.webhook_ids {
                let row = DeliveryRow {
                    id: Uuid::now_v7().to_string(),
                    webhook_id: webhook_id.clone(),
                    outbox_id: event.id,
                    hazard_id: event.hazard_id.clone(),
                    status: "pending".into(),
                    attempts: 0,
                    next_attempt_at: now,
                    locked_until: None,
                    last_status_code: None,
                    last_error: None,
                    created_at: now,
                    delivered_at: None,
                };
                diesel::insert_into(webhook_deliveries::table).values(&row).execute(conn)?;
            }
        }
        Ok(claimed)
    })
}

/// Pending deliveries due at `now` that are first in line for their webhook and hazard
/// (so each hazard's events arrive in order), with their event and webhook.
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(DeliveryRow, OutboxRow, WebhookRow)>, InfraError> {
    due_except(conn, now, limit, &[])
}

/// Same, leaving out the webhooks in `except` (targets busy or backing off), so that a
/// dead receiver's backlog cannot fill the batch and starve the others.
pub fn due_except(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
    except: &[String],
) -> Result<Vec<(DeliveryRow, OutboxRow, WebhookRow)>, InfraError> {
    let candidates: Vec<(DeliveryRow, OutboxRow, WebhookRow)> = webhook_deliveries::table
        .inner_join(outbox::table)
        .inner_join(webhooks::table)
        .filter(webhook_deliveries::webhook_id.ne_all(except))
        .filter(webhook_deliveries::status.eq("pending"))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.lt(now)))
        .filter(webhooks::active.eq(true))
        .order(webhook_deliveries::outbox_id)
        .limit(limit)
        .select((DeliveryRow::as_select(), OutboxRow::as_select(), WebhookRow::as_select()))
        .load(conn)?;
    let mut out = Vec::new();
    for c in candidates {
        let earlier: bool = diesel::select(diesel::dsl::exists(
            webhook_deliveries::table
                .filter(webhook_deliveries::webhook_id.eq(&c.0.webhook_id))
                .filter(webhook_deliveries::hazard_id.eq(&c.0.hazard_id))
                .filter(webhook_deliveries::outbox_id.lt(c.0.outbox_id))
                .filter(webhook_deliveries::status.eq("pending")),
        ))
        .get_result(conn)?;
        if !earlier {
            out.push(c);
        }
    }
    Ok(out)
}

/// Claims a delivery attempt until `until`; false when another worker holds it.
pub fn claim(conn: &mut DbConnection, id: &str, now: NaiveDateTime, until: NaiveDateTime) -> Result<bool, InfraError> {
    let n = diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::status.eq("pending"))
            .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.lt(now))),
    )
    .set(webhook_deliveries::locked_until.eq(until))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records an attempt's outcome: delivered, retry at `retry_at`, or failed for good.
pub fn record_attempt(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    status_code: Option<i32>,
    error: Option<&str>,
    retry_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), InfraError> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            webhook_deliveries::next_attempt_at.eq(retry_at),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_status_code.eq(status_code),
            webhook_deliveries::last_error.eq(error),
            webhook_deliveries::delivered_at.eq((status == "delivered").then_some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts a claimed delivery back, due at `at`, without counting an attempt: its target
/// just failed another delivery, so this one waits for the target's backoff.
pub fn postpone(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), InfraError> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((webhook_deliveries::next_attempt_at.eq(at), webhook_deliveries::locked_until.eq(None::<NaiveDateTime>)))
        .execute(conn)?;
    Ok(())
}

/// A webhook's deliveries, newest first.
pub fn deliveries(
    conn: &mut DbConnection,
    webhook_id: &str,
    limit: i64,
) -> Result<Vec<(DeliveryRow, OutboxRow)>, InfraError> {
    Ok(webhook_deliveries::table
        .inner_join(outbox::table)
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .order(webhook_deliveries::outbox_id.desc())
        .limit(limit)
        .select((DeliveryRow::as_select(), OutboxRow::as_select()))
        .load(conn)?)
}

/// Puts a delivery back in the queue, due now.
pub fn redeliver(conn: &mut DbConnection, webhook_id: &str, id: &str, now: NaiveDateTime) -> Result<bool, InfraError> {
    let n = diesel::update(webhook_deliveries::table.find(id).filter(webhook_deliveries::webhook_id.eq(webhook_id)))
        .set((
            webhook_deliveries::status.eq("pending"),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Deletes settled deliveries (delivered or failed) made before `before`, then the outbox
/// events that no delivery refers to any more; returns how many deliveries went.
pub fn purge_settled(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, InfraError> {
    crate::db::write(conn, |conn| {
        let n = diesel::delete(
            webhook_deliveries::table
                .filter(webhook_deliveries::status.ne("pending"))
                .filter(webhook_deliveries::created_at.lt(before)),
        )
        .execute(conn)?;
        diesel::delete(outbox::table.filter(outbox::fanned_out.eq(true)).filter(outbox::created_at.lt(before)).filter(
            diesel::dsl::not(diesel::dsl::exists(
                webhook_deliveries::table.filter(webhook_deliveries::outbox_id.eq(outbox::id)),
            )),
        ))
        .execute(conn)?;
        Ok(n)
    })
}
