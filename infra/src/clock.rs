//! The current time, injectable so deadline tests can move time without sleeping and pin
//! it at an instant (e.g. just before the district's midnight).

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

/// Where a [`ManualClock`] stands: running with the machine plus an offset, or pinned.
#[derive(Debug, Clone, Copy)]
enum Setting {
    Running { offset: Duration },
    Pinned { at: DateTime<Utc> },
}

impl Default for Setting {
    fn default() -> Self {
        Setting::Running { offset: Duration::zero() }
    }
}

/// A clock for tests: by default it runs with the machine clock plus an adjustable offset;
/// [`ManualClock::pin`] stops it at a fixed instant, so a test that starts a second before
/// the district's midnight does not see the date change half-way through.
#[derive(Debug, Default, Clone)]
pub struct ManualClock {
    setting: Arc<RwLock<Setting>>,
}

impl ManualClock {
    /// Moves the clock forward (or back, with a negative duration); a pinned clock stays
    /// pinned, at the moved instant.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut setting) = self.setting.write() {
            *setting = match *setting {
                Setting::Running { offset } => Setting::Running { offset: offset + by },
                Setting::Pinned { at } => Setting::Pinned { at: at + by },
            };
        }
    }

    /// Stops the clock at `at`: every reading returns it until the next `pin` or `advance`.
    pub fn pin(&self, at: DateTime<Utc>) {
        if let Ok(mut setting) = self.setting.write() {
            *setting = Setting::Pinned { at: micros(at) };
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        match self.setting.read().map(|s| *s).unwrap_or_default() {
            Setting::Running { offset } => micros(Utc::now() + offset),
            Setting::Pinned { at } => at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_stays_put_until_advanced() {
        let clock = ManualClock::default();
        let at = DateTime::parse_from_rfc3339("2025-06-30T23:59:59.999999Z").map(|t| t.to_utc()).unwrap();
        clock.pin(at);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(clock.now(), at);
        clock.advance(Duration::microseconds(1));
        assert_eq!(clock.now().to_rfc3339(), "2025-07-01T00:00:00+00:00");
    }

    #[test]
    fn a_running_clock_moves_and_keeps_its_offset() {
        let clock = ManualClock::default();
        clock.advance(Duration::days(2));
        let ahead = clock.now() - Utc::now();
        assert!(ahead > Duration::days(2) - Duration::seconds(5) && ahead <= Duration::days(2), "{ahead}");
    }
}
