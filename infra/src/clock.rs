//! The current time, injectable so deadline tests can move time without sleeping.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, DurationRound, Utc};

/// A source of "now". Production uses [`SystemClock`]; tests use [`ManualClock`].
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant, at microsecond precision (what both databases store).
    fn now(&self) -> DateTime<Utc>;
}

fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::microseconds(1)).unwrap_or(t)
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        micros(Utc::now())
    }
}

/// A clock that runs with the machine clock plus an adjustable offset.
#[derive(Debug, Default, Clone)]
pub struct ManualClock {
    offset: Arc<RwLock<Duration>>,
}

impl ManualClock {
    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        if let Ok(mut offset) = self.offset.write() {
            *offset += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.read().map(|o| *o).unwrap_or_default();
        micros(Utc::now() + offset)
    }
}
