//! The plan's key figures (item 5): every rate names its numerator and denominator.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod period;
pub mod tally;

pub use period::PeriodSplit;
pub use tally::{days_to_close, HazardFacts, Tally, NOT_CLOSED};

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

/// The median of the values a histogram counts (`value → how many`); values with a count
/// of zero or less are ignored. Reads the histogram in order, never expanding it, so a
/// year of closed hazards costs one pass over a few dozen buckets.
pub fn median_of_histogram(histogram: &BTreeMap<i64, i64>) -> Option<f64> {
    let n: i64 = histogram.values().filter(|c| **c > 0).sum();
    if n == 0 {
        return None;
    }
    // 0-based positions of the middle value(s) in sorted order.
    let (lo, hi) = ((n - 1) / 2, n / 2);
    let (mut seen, mut lo_value) = (0i64, None);
    for (value, count) in histogram.iter().filter(|(_, c)| **c > 0) {
        seen += count;
        if lo_value.is_none() && seen > lo {
            lo_value = Some(*value);
        }
        if seen > hi {
            return lo_value.map(|l| (l + value) as f64 / 2.0);
        }
    }
    None
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

    #[test]
    fn histogram_medians_match_the_expanded_values() {
        let h = |pairs: &[(i64, i64)]| pairs.iter().copied().collect::<BTreeMap<_, _>>();
        assert_eq!(median_of_histogram(&h(&[])), None);
        assert_eq!(median_of_histogram(&h(&[(3, 0), (5, -1)])), None);
        assert_eq!(median_of_histogram(&h(&[(2, 1)])), Some(2.0));
        assert_eq!(median_of_histogram(&h(&[(1, 1), (3, 1)])), Some(2.0));
        assert_eq!(median_of_histogram(&h(&[(0, 2), (4, 1), (9, 1)])), Some(2.0));
        assert_eq!(median_of_histogram(&h(&[(0, 3), (4, 1), (9, 1)])), Some(0.0));
        assert_eq!(median_of_histogram(&h(&[(0, 1), (1, 0), (7, 3)])), Some(7.0));
    }

    proptest::proptest! {
        #[test]
        fn histogram_median_equals_the_plain_median(values in proptest::collection::vec(0i64..60, 0..200)) {
            let mut histogram = BTreeMap::new();
            for v in &values {
                *histogram.entry(*v).or_insert(0) += 1;
            }
            let mut sorted: Vec<f64> = values.iter().map(|v| *v as f64).collect();
            sorted.sort_by(f64::total_cmp);
            proptest::prop_assert_eq!(median_of_histogram(&histogram), median(&sorted));
        }
    }
}
