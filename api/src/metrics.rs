//! Prometheus metrics (`GET /metrics`, text format) through the `prometheus` crate, one
//! registry per server: requests per route template and status class with a latency
//! histogram, the database pool, background jobs, and database-wide gauges (webhook
//! outbox and deliveries, overdue hazards and listings) read at scrape time.
//!
//! Labels hold only route templates (`/v1/hazards/{id}`, never the raw path), methods,
//! status classes and job names: no ids, names or addresses. `/metrics` answers only to
//! `Authorization: Bearer <HAZARD_METRICS_TOKEN>`, and is 404 when no token is set.

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// The metrics of one server.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    /// Requests waiting for a database connection right now.
    pub pool_waiting: IntGauge,
    job_runs: IntCounterVec,
    job_failures: IntCounterVec,
    outbox: IntGauge,
    attempts: IntCounterVec,
    deliveries: IntGaugeVec,
    overdue: IntGaugeVec,
}

fn register<T: prometheus::core::Collector + Clone + 'static>(r: &Registry, c: T) -> Result<T, prometheus::Error> {
    r.register(Box::new(c.clone()))?;
    Ok(c)
}

impl Metrics {
    /// A registry with every metric of the service.
    pub fn new() -> Result<Self, prometheus::Error> {
        let r = Registry::new_custom(Some("hazard".into()), None)?;
        let http = ["method", "route", "status"];
        Ok(Self {
            requests: register(
                &r,
                IntCounterVec::new(Opts::new("http_requests_total", "HTTP requests answered"), &http)?,
            )?,
            latency: register(
                &r,
                HistogramVec::new(
                    HistogramOpts::new("http_request_duration_seconds", "Time to answer an HTTP request")
                        .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
                    &http,
                )?,
            )?,
            pool: register(
                &r,
                IntGaugeVec::new(Opts::new("db_pool_connections", "Database connections of this process"), &["state"])?,
            )?,
            pool_waiting: register(
                &r,
                IntGauge::new("db_pool_waiting", "Requests waiting for a database connection")?,
            )?,
            job_runs: register(&r, IntCounterVec::new(Opts::new("job_runs_total", "Background job runs"), &["job"])?)?,
            job_failures: register(
                &r,
                IntCounterVec::new(Opts::new("job_failures_total", "Background job runs that failed"), &["job"])?,
            )?,
            outbox: register(
                &r,
                IntGauge::new("webhook_outbox_pending", "Outbox events not yet fanned out to webhooks")?,
            )?,
            attempts: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "webhook_delivery_attempts_total",
                        "Webhook delivery attempts made by this process, by outcome",
                    ),
                    &["outcome"],
                )?,
            )?,
            deliveries: register(
                &r,
                IntGaugeVec::new(
                    Opts::new("webhook_deliveries", "Webhook deliveries by status (kept 30 days)"),
                    &["status"],
                )?,
            )?,
            overdue: register(&r, IntGaugeVec::new(Opts::new("overdue", "Overdue now, by kind"), &["kind"])?)?,
            registry: r,
        })
    }

    /// Counts an answered request. `route` is the matched template (or `unmatched`).
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
            _ => "other",
        };
        let labels = [method, route, class];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(elapsed.as_secs_f64());
    }

    /// Counts a run of background job `job`.
    pub fn job(&self, job: &str, ok: bool) {
        self.job_runs.with_label_values(&[job]).inc();
        if !ok {
            self.job_failures.with_label_values(&[job]).inc();
        }
    }

    /// Counts a run of the webhook worker and its attempts (`[delivered, retried, failed]`),
    /// or a failed run (`None`).
    pub fn webhook_run(&self, attempts: Option<[usize; 3]>) {
        self.job("webhooks", attempts.is_some());
        for (outcome, n) in ["delivered", "retried", "failed"].into_iter().zip(attempts.unwrap_or_default()) {
            self.attempts.with_label_values(&[outcome]).inc_by(n as u64);
        }
    }

    fn render(&self) -> Result<String, ApiError> {
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .map_err(|e| ApiError::internal(format!("metrics encoding: {e}")))?;
        String::from_utf8(out).map_err(ApiError::internal)
    }
}

/// Counts the wait for a database connection while alive.
pub struct Waiting<'a>(&'a IntGauge);

impl<'a> Waiting<'a> {
    /// Starts waiting.
    pub fn start(gauge: &'a IntGauge) -> Self {
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

fn authorized(req: &HttpRequest, expected: &str) -> bool {
    let Ok(token) = crate::auth::bearer::token(req.headers()) else { return false };
    // Compare digests, so the time taken says nothing about the token.
    Sha256::digest(token.as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// `GET /metrics`: the Prometheus text format.
pub async fn scrape(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let Some(expected) = state.settings.metrics_token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(ApiError::NotFound(format!("no route for {} {}", req.method(), req.path())));
    };
    if !authorized(&req, expected) {
        return Err(ApiError::unauthorized("send Authorization: Bearer <HAZARD_METRICS_TOKEN>"));
    }
    let st = state.clone();
    let gauges = web::block(move || -> Result<_, ApiError> {
        Ok(hazard_infra::repo::gauges::read(&mut *st.conn()?, st.today())?)
    })
    .await??;
    let m = &state.metrics;
    let pool = state.pool.state();
    m.pool.with_label_values(&["idle"]).set(i64::from(pool.idle_connections));
    m.pool.with_label_values(&["in_use"]).set(i64::from(pool.connections - pool.idle_connections));
    m.outbox.set(gauges.outbox_pending);
    m.deliveries.reset();
    for status in ["pending", "delivered", "failed"] {
        m.deliveries.with_label_values(&[status]).set(0);
    }
    for (status, n) in &gauges.deliveries {
        m.deliveries.with_label_values(&[status.as_str()]).set(*n);
    }
    m.overdue.with_label_values(&["hazard"]).set(gauges.overdue_hazards);
    m.overdue.with_label_values(&["supervision"]).set(gauges.overdue_supervisions);
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(m.render()?))
}
