//! Splitting a reporting period into whole calendar months and the odd days around them.
//! Whole months are answered from the monthly stats rollup; only the odd days at either
//! end are counted hazard by hazard.

use chrono::{Datelike, Days, NaiveDate};

/// A period `[from, to]` (both days included) cut into an optional run of odd days at the
/// start, an optional run of whole months, and an optional run of odd days at the end.
/// Every day of the period is in exactly one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodSplit {
    /// Days before the first whole month (inclusive range).
    pub head: Option<(NaiveDate, NaiveDate)>,
    /// The first days of the first and the last whole month (inclusive range of months).
    pub months: Option<(NaiveDate, NaiveDate)>,
    /// Days after the last whole month (inclusive range).
    pub tail: Option<(NaiveDate, NaiveDate)>,
}

/// The first day of the month of `d`.
pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month_start(d: NaiveDate) -> Option<NaiveDate> {
    month_start(d).checked_add_months(chrono::Months::new(1))
}

impl PeriodSplit {
    /// Cuts `[from, to]`; an empty period (`to < from`) has no parts.
    pub fn of(from: NaiveDate, to: NaiveDate) -> Self {
        let none = Self { head: None, months: None, tail: None };
        if to < from {
            return none;
        }
        let first_full = if from.day() == 1 { Some(from) } else { next_month_start(from) };
        // The last day of the last whole month: `to` itself when it ends its month.
        let last_full_end = match next_month_start(to) {
            Some(next) if next.pred_opt() == Some(to) => Some(to),
            _ => month_start(to).pred_opt(),
        };
        match (first_full, last_full_end) {
            (Some(first), Some(last_end)) if first <= last_end => Self {
                head: (from < first).then(|| (from, first - Days::new(1))),
                months: Some((first, month_start(last_end))),
                tail: (last_end < to).then(|| (last_end + Days::new(1), to)),
            },
            _ => Self { head: Some((from, to)), ..none },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_calendar_year_is_twelve_whole_months() {
        let s = PeriodSplit::of(d("2025-01-01"), d("2025-12-31"));
        assert_eq!(s, PeriodSplit { head: None, months: Some((d("2025-01-01"), d("2025-12-01"))), tail: None });
    }

    #[test]
    fn odd_days_at_both_ends() {
        let s = PeriodSplit::of(d("2025-01-15"), d("2025-03-10"));
        assert_eq!(s.head, Some((d("2025-01-15"), d("2025-01-31"))));
        assert_eq!(s.months, Some((d("2025-02-01"), d("2025-02-01"))));
        assert_eq!(s.tail, Some((d("2025-03-01"), d("2025-03-10"))));
    }

    #[test]
    fn less_than_a_month_is_all_odd_days() {
        let s = PeriodSplit::of(d("2024-02-02"), d("2024-02-29"));
        assert_eq!(s, PeriodSplit { head: Some((d("2024-02-02"), d("2024-02-29"))), months: None, tail: None });
        let s = PeriodSplit::of(d("2024-01-31"), d("2024-02-28"));
        assert_eq!((s.months, s.tail), (None, None));
        assert_eq!(PeriodSplit::of(d("2024-02-01"), d("2024-02-29")).months, Some((d("2024-02-01"), d("2024-02-01"))));
    }

    #[test]
    fn an_empty_period_has_no_parts() {
        assert_eq!(
            PeriodSplit::of(d("2025-02-01"), d("2025-01-31")),
            PeriodSplit { head: None, months: None, tail: None }
        );
    }

    proptest! {
        #[test]
        fn every_day_lands_in_exactly_one_part(start in 0u64..3000, len in 0u64..800) {
            let from = d("2020-01-01") + Days::new(start);
            let to = from + Days::new(len);
            let s = PeriodSplit::of(from, to);
            let in_range = |r: Option<(NaiveDate, NaiveDate)>, x: NaiveDate| r.is_some_and(|(a, b)| a <= x && x <= b);
            let mut day = from;
            while day <= to {
                let parts = usize::from(in_range(s.head, day))
                    + usize::from(s.months.is_some_and(|(a, b)| a <= month_start(day) && month_start(day) <= b))
                    + usize::from(in_range(s.tail, day));
                prop_assert_eq!(parts, 1, "{} in {:?}", day, s);
                day = day + Days::new(1);
            }
            if let Some((a, b)) = s.months {
                prop_assert_eq!(a.day(), 1);
                prop_assert_eq!(b.day(), 1);
                prop_assert!(a >= from && next_month_start(b).unwrap().pred_opt().unwrap() <= to);
            }
            // Odd days are less than a month at each end, or less than two months in all
            // when the period holds no whole month.
            let limit = if s.months.is_some() { 31 } else { 62 };
            for (a, b) in [s.head, s.tail].into_iter().flatten() {
                prop_assert!(from <= a && a <= b && b <= to);
                prop_assert!((b - a).num_days() < limit, "{:?}", s);
            }
        }
    }
}
