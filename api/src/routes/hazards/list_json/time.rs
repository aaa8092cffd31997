//! Dates and instants written the way chrono's serde writes them, without `fmt`: the list
//! writes three instants and a date per hazard, and chrono's formatting through
//! `core::fmt` showed in its profile (issue 13). Anything outside the common case (a year
//! outside 0–9999, a leap second) goes through chrono itself, so the text is always the
//! same as [`chrono::DateTime<Utc>`]'s and [`chrono::NaiveDate`]'s.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Serialize, Serializer};

/// A UTC instant, serialized like `DateTime<Utc>`: RFC 3339 with `Z` and 0, 3, 6 or 9
/// fractional digits, as few as show the value exactly (chrono's `SecondsFormat::AutoSi`).
#[derive(Debug, Clone, Copy)]
pub struct Stamp(pub NaiveDateTime);

/// A calendar date, serialized like `NaiveDate`: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub struct Day(pub NaiveDate);

impl Stamp {
    /// The text in `buf`; `None` where only chrono can write it (see the module).
    pub fn text(self, buf: &mut [u8; 30]) -> Option<&str> {
        let n = stamp(self.0, buf)?;
        std::str::from_utf8(&buf[..n]).ok()
    }
}

impl Day {
    /// The text in `buf`; `None` for a year outside 0–9999.
    pub fn text(self, buf: &mut [u8; 10]) -> Option<&str> {
        day(self.0, buf)?;
        std::str::from_utf8(buf).ok()
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text(&mut [0u8; 30]) {
            Some(text) => serializer.serialize_str(text),
            None => self.0.and_utc().serialize(serializer),
        }
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text(&mut [0u8; 10]) {
            Some(text) => serializer.serialize_str(text),
            None => self.0.serialize(serializer),
        }
    }
}

/// Writes `value`'s last `out.len()` decimal digits, zero-padded.
fn digits(out: &mut [u8], mut value: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// `YYYY-MM-DD` into `out`; `None` for a year that needs a sign or a fifth digit.
fn day(date: NaiveDate, out: &mut [u8]) -> Option<()> {
    let out = out.get_mut(0..10)?;
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    digits(&mut out[0..4], year);
    out[4] = b'-';
    digits(&mut out[5..7], date.month());
    out[7] = b'-';
    digits(&mut out[8..10], date.day());
    Some(())
}

/// The instant into `out`, returning its length; `None` where chrono has to decide.
fn stamp(at: NaiveDateTime, out: &mut [u8; 30]) -> Option<usize> {
    let nano = at.nanosecond();
    if nano >= 1_000_000_000 {
        return None; // a leap second: chrono writes it as second 60
    }
    day(at.date(), out)?;
    out[10] = b'T';
    digits(&mut out[11..13], at.hour());
    out[13] = b':';
    digits(&mut out[14..16], at.minute());
    out[16] = b':';
    digits(&mut out[17..19], at.second());
    let mut len = 19;
    let (fraction, width) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    if width > 0 {
        out[len] = b'.';
        digits(&mut out[len + 1..len + 1 + width], fraction);
        len += 1 + width;
    }
    out[len] = b'Z';
    Some(len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    fn json(v: impl Serialize) -> String {
        serde_json::to_string(&v).unwrap()
    }

    #[test]
    fn each_precision_is_written_as_chrono_writes_it() {
        let base = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(8, 5, 9).unwrap();
        for (nanos, text) in [
            (0, "\"2025-03-01T08:05:09Z\""),
            (120_000_000, "\"2025-03-01T08:05:09.120Z\""),
            (123_456_000, "\"2025-03-01T08:05:09.123456Z\""),
            (5, "\"2025-03-01T08:05:09.000000005Z\""),
        ] {
            let at = base.with_nanosecond(nanos).unwrap();
            assert_eq!(json(Stamp(at)), text);
            assert_eq!(json(Stamp(at)), json(at.and_utc()));
        }
        assert_eq!(json(Day(base.date())), "\"2025-03-01\"");
    }

    #[test]
    fn years_outside_four_digits_and_leap_seconds_are_left_to_chrono() {
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        let early = NaiveDate::from_ymd_opt(-7, 12, 31).unwrap();
        for date in [far, early] {
            assert_eq!(json(Day(date)), json(date));
            let at = date.and_hms_opt(1, 2, 3).unwrap();
            assert_eq!(json(Stamp(at)), json(at.and_utc()));
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        assert_eq!(json(Stamp(leap)), json(leap.and_utc()));
    }

    proptest! {
        #[test]
        fn any_instant_reads_as_chrono_writes_it(secs in -70_000_000_000i64..300_000_000_000i64, nanos in 0u32..2_000_000_000, round in 0u32..10) {
            // Every precision class: whole seconds, then nanoseconds rounded to 10^8 … 10^0.
            let nanos = if round == 0 { 0 } else { nanos / 10u32.pow(round - 1) * 10u32.pow(round - 1) };
            if let Some(at) = DateTime::<Utc>::from_timestamp(secs, nanos % 1_000_000_000) {
                let at = at.naive_utc();
                prop_assert_eq!(json(Stamp(at)), json(at.and_utc()));
                prop_assert_eq!(json(Day(at.date())), json(at.date()));
            }
        }
    }
}
