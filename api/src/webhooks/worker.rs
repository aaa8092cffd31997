//! The delivery worker: fan out new outbox events, then send due deliveries.

use std::time::Duration as StdDuration;

use chrono::{Duration, NaiveDateTime};
use hazard_infra::models::{DeliveryRow, OutboxRow, WebhookRow};
use hazard_infra::repo::{hazards, webhooks};
use hazard_openapi::clients::PublicHazard;
use rand::Rng;

use super::{signature, ssrf};
use crate::error::ApiError;
use crate::routes::hazards::view::hazard_full;
use crate::state::AppState;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WorkerReport {
    /// Events fanned out.
    pub fanned_out: usize,
    /// Deliveries that succeeded.
    pub delivered: usize,
    /// Attempts that failed and will be retried.
    pub retried: usize,
    /// Deliveries given up on.
    pub failed: usize,
}

/// The delay before attempt `n + 1` after `n` failures: exponential from 10 s, capped at
/// one hour, with ±50 % jitter so that receivers coming back are not stampeded.
pub fn backoff(failures: i32) -> Duration {
    let base = 10i64.saturating_mul(1i64 << failures.clamp(0, 12)).min(3600);
    let jitter = rand::thread_rng().gen_range(0.5..1.5);
    Duration::milliseconds((base as f64 * 1000.0 * jitter) as i64)
}

fn subscribed(webhook: &WebhookRow, event_type: &str) -> bool {
    webhook.event_types.split(',').any(|t| t == event_type || t == "*")
}

fn fan_out(state: &AppState) -> Result<usize, ApiError> {
    let mut conn = state.conn()?;
    let events = webhooks::unfanned(&mut conn, 200)?;
    if events.is_empty() {
        return Ok(0);
    }
    let subscribers = webhooks::subscribers(&mut conn)?;
    let now = state.now_naive();
    let today = state.today();
    let mut done = 0;
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
                None => (hazards::get(&mut conn, &event.hazard_id)?, today),
            };
            match row {
                Some(row) => payload(&event, Some(PublicHazard::from(hazard_full(&mut conn, row, on)?))),
                None => payload(&event, None),
            }
        };
        if webhooks::fan_out(&mut conn, &event, &payload, &targets, now)? {
            done += 1;
        }
    }
    Ok(done)
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

async fn send(
    client: &reqwest::Client,
    state: &AppState,
    delivery: &DeliveryRow,
    event: &OutboxRow,
    webhook: &WebhookRow,
) -> Result<u16, String> {
    let url = ssrf::check_url(&webhook.url, state.settings.webhook_allow_http)?;
    ssrf::check_target(&url, state.settings.webhook_allow_private).await?;
    let body = event.payload.clone().unwrap_or_default();
    let t = state.now().timestamp();
    let res = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "hazard-api-webhooks/1")
        .header("X-Hazard-Event", &event.event_type)
        .header("X-Hazard-Delivery", &delivery.id)
        .header("X-Hazard-Signature", signature::sign(&webhook.secret, t, body.as_bytes()))
        .body(body)
        .send()
        .await
        .map_err(|e| if e.is_timeout() { "timed out after 10 s".to_owned() } else { format!("request failed: {e}") })?;
    Ok(res.status().as_u16())
}

/// One pass: fan out, then send what is due. Tests call it with their clock.
pub async fn run_once(state: &AppState) -> Result<WorkerReport, ApiError> {
    let st = state.clone();
    let fanned_out = actix_web::web::block(move || fan_out(&st)).await??;
    let st = state.clone();
    let due = actix_web::web::block(move || -> Result<Vec<(DeliveryRow, OutboxRow, WebhookRow)>, ApiError> {
        let mut conn = st.conn()?;
        let now = st.now_naive();
        let mut claimed = Vec::new();
        for item in webhooks::due(&mut conn, now, 100)? {
            if webhooks::claim(&mut conn, &item.0.id, now, now + Duration::seconds(60))? {
                claimed.push(item);
            }
        }
        Ok(claimed)
    })
    .await??;
    let client = reqwest::Client::builder()
        .timeout(StdDuration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let mut report = WorkerReport { fanned_out, ..WorkerReport::default() };
    for (delivery, event, webhook) in due {
        let outcome = send(&client, state, &delivery, &event, &webhook).await;
        let now = state.now_naive();
        let window = Duration::hours(state.settings.webhook_retry_hours);
        let (status, code, error, retry_at): (&str, Option<i32>, Option<String>, NaiveDateTime) = match outcome {
            Ok(code) if (200..300).contains(&code) => ("delivered", Some(i32::from(code)), None, now),
            Ok(code) => {
                ("pending", Some(i32::from(code)), Some(format!("HTTP {code}")), now + backoff(delivery.attempts))
            }
            Err(e) => ("pending", None, Some(e), now + backoff(delivery.attempts)),
        };
        let status = if status == "pending" && retry_at - delivery.created_at > window { "failed" } else { status };
        match status {
            "delivered" => report.delivered += 1,
            "failed" => report.failed += 1,
            _ => report.retried += 1,
        }
        let st = state.clone();
        let id = delivery.id.clone();
        let status = status.to_owned();
        actix_web::web::block(move || -> Result<(), ApiError> {
            Ok(webhooks::record_attempt(&mut *st.conn()?, &id, &status, code, error.as_deref(), retry_at, now)?)
        })
        .await??;
    }
    Ok(report)
}

/// Starts the worker loop.
pub fn spawn(state: AppState) {
    let every = StdDuration::from_millis(state.settings.webhook_interval_ms.max(100));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(r) if r != WorkerReport::default() => tracing::info!(
                    fanned_out = r.fanned_out,
                    delivered = r.delivered,
                    retried = r.retried,
                    failed = r.failed,
                    "webhooks"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook worker failed"),
            }
        }
    });
}
