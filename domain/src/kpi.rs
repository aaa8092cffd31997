//! The plan's key figures (item 5): every rate names its numerator and denominator.

use serde::{Deserialize, Serialize};

/// A rate with the counts it comes from; `value` is `None` when nothing was counted
/// (an empty period has no rate, not 0 % and not NaN).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// numerator / denominator × `scale` (1 for ratios, 1000 for per-thousand rates).
    pub value: Option<f64>,
    /// What was counted.
    pub numerator: i64,
    /// Out of what.
    pub denominator: i64,
}

impl Rate {
    /// A plain ratio (0..=1).
    pub fn ratio(numerator: i64, denominator: i64) -> Self {
        Self::scaled(numerator, denominator, 1.0)
    }

    /// Per thousand, for 千次检查发现率.
    pub fn per_thousand(numerator: i64, denominator: i64) -> Self {
        Self::scaled(numerator, denominator, 1000.0)
    }

    fn scaled(numerator: i64, denominator: i64, scale: f64) -> Self {
        let value =
            (denominator > 0).then(|| (numerator as f64 / denominator as f64 * scale * 10_000.0).round() / 10_000.0);
        Self { value, numerator, denominator }
    }
}

/// The median of sorted values (mean of the middle two for an even count).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_keep_their_counts_and_never_divide_by_zero() {
        assert_eq!(Rate::ratio(3, 4), Rate { value: Some(0.75), numerator: 3, denominator: 4 });
        assert_eq!(Rate::ratio(0, 0).value, None);
        assert_eq!(Rate::per_thousand(7, 2000).value, Some(3.5));
        assert_eq!(Rate::ratio(1, 3).value, Some(0.3333));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[2.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
    }
}
