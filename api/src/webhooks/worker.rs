//! The delivery worker: fan out new outbox events, then send due deliveries.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use futures_util::stream::{self, StreamExt};
use tokio::sync::Semaphore;

use chrono::{Duration, NaiveDateTime};
use hazard_infra::models::{DeliveryRow, OutboxRow, WebhookRow};
use hazard_infra::repo::webhooks;
use rand::Rng;

use super::{fan_out, signature, ssrf};
use crate::error::ApiError;
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

async fn send(
    state: &AppState,
    delivery: &DeliveryRow,
    event: &OutboxRow,
    webhook: &WebhookRow,
) -> Result<u16, String> {
    let url = ssrf::check_url(&webhook.url, state.settings.webhook_allow_http)?;
    // Resolve once, check, and connect to exactly the addresses checked: no second
    // lookup a rebinding DNS server could answer differently.
    let resolver = &state.settings.webhook_resolver;
    let addrs = ssrf::check_target(&url, state.settings.webhook_allow_private, resolver).await?;
    let timeout = StdDuration::from_secs(state.settings.limits.webhook_timeout_secs.max(1));
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(StdDuration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(std::sync::Arc::new(resolver.clone()))
        .no_proxy();
    if let Some(host) = url.host_str().filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
        builder = builder.resolve_to_addrs(host, &addrs);
    }
    let client = builder.build().map_err(|e| format!("cannot build the HTTP client: {e}"))?;
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
        .map_err(|e| {
            if e.is_timeout() {
                format!("timed out after {} s", timeout.as_secs())
            } else {
                format!("request failed: {e}")
            }
        })?;
    Ok(res.status().as_u16())
}

type Due = (DeliveryRow, OutboxRow, WebhookRow);

/// Claims what is due, leaving out the targets in `except`, grouped by target.
async fn claim_due(state: &AppState, except: Vec<String>) -> Result<Vec<Vec<Due>>, ApiError> {
    let st = state.clone();
    let due = actix_web::web::block(move || -> Result<Vec<Due>, ApiError> {
        let mut conn = st.conn()?;
        let now = st.now_naive();
        let mut claimed = Vec::new();
        for item in webhooks::due_except(&mut conn, now, 100, &except)? {
            if webhooks::claim(&mut conn, &item.0.id, now, now + Duration::seconds(60))? {
                claimed.push(item);
            }
        }
        Ok(claimed)
    })
    .await??;
    let mut groups: BTreeMap<String, Vec<Due>> = BTreeMap::new();
    for item in due {
        groups.entry(item.2.id.clone()).or_default().push(item);
    }
    Ok(groups.into_values().collect())
}

/// Sends one target's due deliveries one after the other (each is the first pending
/// one of its hazard, so per-hazard order holds). After a failure the rest wait for
/// the same backoff instead of each costing another timeout. Returns the report and,
/// when the target failed, when it may be tried again.
async fn deliver_target(state: &AppState, items: Vec<Due>) -> (WorkerReport, Option<NaiveDateTime>) {
    let mut report = WorkerReport::default();
    let mut items = items.into_iter();
    while let Some((delivery, event, webhook)) = items.next() {
        let outcome = send(state, &delivery, &event, &webhook).await;
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
        let (id, owned_status) = (delivery.id.clone(), status.to_owned());
        let rest: Vec<String> = if status == "delivered" { vec![] } else { items.by_ref().map(|i| i.0.id).collect() };
        let recorded = actix_web::web::block(move || -> Result<(), ApiError> {
            let mut conn = st.conn()?;
            webhooks::record_attempt(&mut conn, &id, &owned_status, code, error.as_deref(), retry_at, now)?;
            for other in &rest {
                webhooks::postpone(&mut conn, other, retry_at)?;
            }
            Ok(())
        })
        .await;
        if !matches!(recorded, Ok(Ok(()))) {
            tracing::warn!(delivery = %delivery.id, "could not record a webhook attempt; it is retried after its claim");
        }
        if status != "delivered" {
            return (report, Some(retry_at));
        }
    }
    (report, None)
}

fn add(total: &mut WorkerReport, r: &WorkerReport) {
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.failed += r.failed;
}

/// One pass: fan out, then send what is due, targets concurrently (bounded). Tests
/// call it with their clock; the background loop below does not wait for slow targets.
pub async fn run_once(state: &AppState) -> Result<WorkerReport, ApiError> {
    let st = state.clone();
    let fanned_out = actix_web::web::block(move || fan_out::run(&st)).await??;
    let groups = claim_due(state, Vec::new()).await?;
    let limit = state.settings.limits.webhook_concurrency.max(1);
    let results: Vec<_> =
        stream::iter(groups).map(|g| deliver_target(state, g)).buffer_unordered(limit).collect().await;
    let mut report = WorkerReport { fanned_out, ..WorkerReport::default() };
    for (r, _) in &results {
        add(&mut report, r);
    }
    Ok(report)
}

/// Targets being served or backing off, in this process.
#[derive(Default)]
struct Targets {
    busy: HashSet<String>,
    cooling: HashMap<String, NaiveDateTime>,
}

/// One tick of the background loop: fan out, then start a task per target that is
/// neither busy nor backing off; a dead target never holds up a healthy one.
async fn dispatch(state: &AppState, targets: &Arc<Mutex<Targets>>, slots: &Arc<Semaphore>) -> Result<usize, ApiError> {
    let st = state.clone();
    let fanned_out = actix_web::web::block(move || fan_out::run(&st)).await??;
    let now = state.now_naive();
    let except: Vec<String> = {
        let mut t = targets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        t.cooling.retain(|_, until| *until > now);
        t.busy.iter().chain(t.cooling.keys()).cloned().collect()
    };
    for group in claim_due(state, except).await? {
        let Some(id) = group.first().map(|g| g.2.id.clone()) else { continue };
        targets.lock().unwrap_or_else(std::sync::PoisonError::into_inner).busy.insert(id.clone());
        let (st, targets, slots) = (state.clone(), targets.clone(), slots.clone());
        tokio::spawn(async move {
            let _slot = slots.acquire_owned().await;
            let (report, retry_at) = deliver_target(&st, group).await;
            st.metrics.webhook_run(Some([report.delivered, report.retried, report.failed]));
            let mut t = targets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            t.busy.remove(&id);
            match retry_at {
                Some(at) => t.cooling.insert(id, at),
                None => t.cooling.remove(&id),
            };
            if report != WorkerReport::default() {
                tracing::info!(
                    delivered = report.delivered,
                    retried = report.retried,
                    failed = report.failed,
                    "webhooks"
                );
            }
        });
    }
    Ok(fanned_out)
}

/// Starts the worker loop.
pub fn spawn(state: AppState) {
    let every = StdDuration::from_millis(state.settings.webhook_interval_ms.max(100));
    let slots = Arc::new(Semaphore::new(state.settings.limits.webhook_concurrency.max(1)));
    let targets = Arc::new(Mutex::new(Targets::default()));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match dispatch(&state, &targets, &slots).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(fanned_out = n, "webhook events fanned out"),
                Err(e) => {
                    state.metrics.webhook_run(None);
                    tracing::warn!(error = %e, "webhook worker failed");
                }
            }
        }
    });
}
