//! Fan-out: each new outbox event becomes one pending delivery per subscribed webhook,
//! with its body built once, a batch of events per transaction.

use hazard_infra::models::{OutboxRow, WebhookRow};
use hazard_infra::repo::{hazards, webhooks};
use hazard_openapi::clients::PublicHazard;

use crate::error::ApiError;
use crate::routes::hazards::view::hazard_full;
use crate::state::AppState;

fn subscribed(webhook: &WebhookRow, event_type: &str) -> bool {
    webhook.event_types.split(',').any(|t| t == event_type || t == "*")
}

/// Events fanned out per transaction.
const FAN_OUT_BATCH: i64 = 200;

/// Batches one tick fans out at most, so a backlog (after an outage, or a burst of
/// filings) drains at up to 5,000 events a tick without starving the deliveries.
const FAN_OUT_BATCHES_PER_TICK: usize = 25;

/// Fans out new outbox events, a batch per transaction, until the outbox is drained or
/// the tick's share is done. Returns how many events this worker claimed.
pub fn run(state: &AppState) -> Result<usize, ApiError> {
    let mut conn = state.conn()?;
    let mut done = 0;
    for _ in 0..FAN_OUT_BATCHES_PER_TICK {
        let events = webhooks::unfanned(&mut conn, FAN_OUT_BATCH)?;
        if events.is_empty() {
            break;
        }
        done += fan_out_batch(state, &mut conn, &events)?;
        if events.len() < FAN_OUT_BATCH as usize {
            break;
        }
    }
    Ok(done)
}

/// Builds each event's body for its subscribers, then claims the batch in one transaction.
fn fan_out_batch(
    state: &AppState,
    conn: &mut hazard_infra::DbConnection,
    events: &[OutboxRow],
) -> Result<usize, ApiError> {
    let subscribers = webhooks::subscribers(conn)?;
    let today = state.today();
    let mut prepared: Vec<(String, Vec<String>)> = Vec::with_capacity(events.len());
    for event in events {
        let targets: Vec<String> = subscribers
            .iter()
            .filter(|(w, street)| {
                subscribed(w, &event.event_type) && street.as_ref().is_none_or(|s| *s == event.street_code)
            })
            .map(|(w, _)| w.id.clone())
            .collect();
        // Nobody listens: mark the event done without building its body.
        let payload = if targets.is_empty() {
            String::new()
        } else {
            // The hazard as it was at the event; the current one for events older than snapshots.
            let snapshot = event.hazard_snapshot.as_deref().and_then(|s| serde_json::from_str(s).ok());
            let (row, on) = match snapshot {
                Some(row) => (Some(row), state.district_date(event.created_at)),
                None => (hazards::get(conn, &event.hazard_id)?, today),
            };
            match row {
                Some(row) => payload(event, Some(PublicHazard::from(hazard_full(conn, row, on)?))),
                None => payload(event, None),
            }
        };
        prepared.push((payload, targets));
    }
    let batch: Vec<webhooks::FanOut<'_>> = events
        .iter()
        .zip(&prepared)
        .map(|(event, (payload, targets))| webhooks::FanOut { event, payload, webhook_ids: targets })
        .collect();
    Ok(webhooks::fan_out(conn, &batch, state.now_naive())?)
}

fn payload(event: &OutboxRow, hazard: Option<PublicHazard>) -> String {
    let data: Option<serde_json::Value> = event.data.as_deref().and_then(|d| serde_json::from_str(d).ok());
    serde_json::json!({
        "id": event.event_id,
        "type": event.event_type,
        "time": event.created_at.and_utc().to_rfc3339(),
        "data": data,
        "hazard": hazard,
    })
    .to_string()
}
