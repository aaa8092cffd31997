//! Human-readable hazard codes, e.g. `YH-2025-000123` (隐患编号).

use std::fmt;

/// A hazard's public code: prefix, year of filing, and a per-year sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HazardCode {
    /// Calendar year of filing (district time).
    pub year: i32,
    /// 1-based sequence within the year.
    pub seq: i64,
}

impl fmt::Display for HazardCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "YH-{}-{:06}", self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_padding() {
        assert_eq!(HazardCode { year: 2025, seq: 123 }.to_string(), "YH-2025-000123");
        assert_eq!(HazardCode { year: 2026, seq: 1_234_567 }.to_string(), "YH-2026-1234567");
    }
}
