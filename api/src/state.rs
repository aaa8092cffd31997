//! What every handler shares.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use hazard_infra::clock::Clock;
use hazard_infra::Pool;

use crate::auth::jwt::JwtKeys;
use crate::config::Settings;

/// Shared, cheap to clone application state.
#[derive(Clone)]
pub struct AppState {
    /// Database pool.
    pub pool: Pool,
    /// Token signing keys.
    pub jwt: Arc<JwtKeys>,
    /// The clock (manual in tests).
    pub clock: Arc<dyn Clock>,
    /// Effective settings.
    pub settings: Arc<Settings>,
    /// Photo bytes.
    pub blobs: Arc<dyn hazard_infra::storage::BlobStore>,
    /// Token buckets (API clients, per-address limits): shared through PostgreSQL, or in
    /// memory on SQLite.
    pub rate_limits: Arc<dyn crate::ratelimit::Limiter>,
    /// Recent answers about access tokens' sessions (revocation across replicas).
    pub sessions: Arc<crate::auth::session::SessionCache>,
    /// Prometheus metrics of this process.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// Now, UTC.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Now as stored in the database.
    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Today in the district.
    pub fn today(&self) -> NaiveDate {
        hazard_domain::deadline::local_date(self.now(), self.tz())
    }

    /// The district date of a stored (UTC) instant: what a hazard's `filed_on` records.
    pub fn district_date(&self, at: NaiveDateTime) -> NaiveDate {
        hazard_domain::deadline::local_date(at.and_utc(), self.tz())
    }

    /// The district's time zone.
    pub fn tz(&self) -> Tz {
        self.settings.timezone
    }
}

impl AppState {
    /// A connection; an exhausted or unreachable database is a 503. Inside a keyed
    /// request this is the request's own connection, whose writes commit together with
    /// its stored response (see [`crate::idempotency::ticket`]).
    pub fn conn(&self) -> Result<Conn, crate::error::ApiError> {
        let _waiting = crate::metrics::Waiting::start(&self.metrics.pool_waiting);
        if let Some(lent) = crate::idempotency::ticket::Ticket::lend(&self.pool) {
            return lent.map(Conn::Request).map_err(crate::error::ApiError::from);
        }
        self.pool.get().map(Conn::Pooled).map_err(|e| crate::error::ApiError::from(hazard_infra::InfraError::from(e)))
    }
}

/// A database connection from [`AppState::conn`].
pub enum Conn {
    /// The pool's: each transaction commits by itself.
    Pooled(hazard_infra::PooledConn),
    /// A keyed request's own (one transaction until its response is stored).
    Request(crate::idempotency::ticket::Pinned),
}

impl std::ops::Deref for Conn {
    type Target = hazard_infra::DbConnection;

    fn deref(&self) -> &hazard_infra::DbConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Request(c) => c,
        }
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut hazard_infra::DbConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Request(c) => c,
        }
    }
}
