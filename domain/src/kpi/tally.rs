//! What one hazard adds to the key figures. The database keeps these sums per month,
//! street, sector and days-to-close (the stats rollup), so a year's figures read a few
//! thousand sums instead of a million hazards; this is the single definition both the
//! rollup and the direct count follow.

use std::ops::{Add, AddAssign, Neg};

use crate::hazard::{Grade, Source, Status};

/// The facts of a hazard that the figures depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HazardFacts {
    /// Its grade.
    pub grade: Grade,
    /// Its status.
    pub status: Status,
    /// Where it came from (自查自纠 counts `self_check`).
    pub source: Source,
    /// Found during an inspection (千次检查发现率).
    pub from_inspection: bool,
    /// Ever listed for supervision (挂牌督办率).
    pub listed: bool,
    /// Its case drew an interview or a warning notice (约谈警示通报率).
    pub enforced: bool,
    /// Whole days from filing to closing, while closed ([`days_to_close`]).
    pub close_days: Option<i32>,
}

impl HazardFacts {
    /// The days-to-close bucket the hazard is counted under: its whole days while closed,
    /// [`NOT_CLOSED`] otherwise. Keeping the rollup per bucket lets the median be read from
    /// the sums.
    pub fn close_bucket(&self) -> i64 {
        match (self.status, self.close_days) {
            (Status::Closed, Some(d)) => i64::from(d),
            _ => NOT_CLOSED,
        }
    }
}

/// Whole days (24 h, rounded down) from filing to closing: 0 for a hazard closed within a
/// day. Whole days keep the median of a year readable from a few dozen counts.
pub fn days_to_close(filed_at: chrono::NaiveDateTime, closed_at: chrono::NaiveDateTime) -> i32 {
    i32::try_from((closed_at - filed_at).num_days().max(0)).unwrap_or(i32::MAX)
}

/// The bucket of hazards that are not closed.
pub const NOT_CLOSED: i64 = -1;

/// Counts behind the figures; sums of [`Tally::of`] over hazards. Signed, so that a
/// change is the difference of two tallies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Found (not invalid).
    pub found: i64,
    /// Of which major.
    pub found_major: i64,
    /// Found and closed.
    pub closed: i64,
    /// Major, found and closed (重大事故隐患整改率).
    pub major_closed: i64,
    /// Found and open.
    pub open: i64,
    /// Found in inspections.
    pub in_inspections: i64,
    /// Major, found in inspections.
    pub major_in_inspections: i64,
    /// Major and ever listed for supervision.
    pub major_listed: i64,
    /// Major whose case drew an interview or a warning notice.
    pub major_enforced: i64,
    /// Found by enterprise self-inspection.
    pub self_found: i64,
    /// Self-inspection finds that were closed (自查自纠率).
    pub self_closed: i64,
}

impl Tally {
    /// What one hazard counts for. Invalid hazards count for nothing (DOMAIN.md: found
    /// means not invalidated).
    pub fn of(h: &HazardFacts) -> Self {
        if h.status == Status::Invalid {
            return Self::default();
        }
        let one = |b: bool| i64::from(b);
        let major = h.grade == Grade::Major;
        let closed = h.status == Status::Closed;
        let self_check = h.source == Source::SelfCheck;
        Self {
            found: 1,
            found_major: one(major),
            closed: one(closed),
            major_closed: one(major && closed),
            open: one(h.status.is_open()),
            in_inspections: one(h.from_inspection),
            major_in_inspections: one(major && h.from_inspection),
            major_listed: one(major && h.listed),
            major_enforced: one(major && h.enforced),
            self_found: one(self_check),
            self_closed: one(self_check && closed),
        }
    }

    /// Nothing counted.
    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }

    /// The counts as an array, in the order of the fields (for storage).
    pub fn to_array(self) -> [i64; 11] {
        [
            self.found,
            self.found_major,
            self.closed,
            self.major_closed,
            self.open,
            self.in_inspections,
            self.major_in_inspections,
            self.major_listed,
            self.major_enforced,
            self.self_found,
            self.self_closed,
        ]
    }

    /// The inverse of [`Tally::to_array`].
    pub fn from_array(a: [i64; 11]) -> Self {
        let [found, found_major, closed, major_closed, open, in_inspections, major_in_inspections, major_listed, major_enforced, self_found, self_closed] =
            a;
        Self {
            found,
            found_major,
            closed,
            major_closed,
            open,
            in_inspections,
            major_in_inspections,
            major_listed,
            major_enforced,
            self_found,
            self_closed,
        }
    }
}

impl Add for Tally {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        let (a, b) = (self.to_array(), other.to_array());
        Self::from_array(std::array::from_fn(|i| a[i] + b[i]))
    }
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

impl Neg for Tally {
    type Output = Self;

    fn neg(self) -> Self {
        Self::from_array(self.to_array().map(|v| -v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(grade: Grade, status: Status, source: Source) -> HazardFacts {
        HazardFacts { grade, status, source, from_inspection: false, listed: false, enforced: false, close_days: None }
    }

    #[test]
    fn days_to_close_are_whole_days_rounded_down() {
        let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(days_to_close(t("2025-03-01 09:00"), t("2025-03-01 18:00")), 0);
        assert_eq!(days_to_close(t("2025-03-01 09:00"), t("2025-03-02 08:59")), 0);
        assert_eq!(days_to_close(t("2025-03-01 09:00"), t("2025-03-02 09:00")), 1);
        assert_eq!(days_to_close(t("2025-03-01 09:00"), t("2025-03-31 10:00")), 30);
        assert_eq!(days_to_close(t("2025-03-02 09:00"), t("2025-03-01 09:00")), 0, "never negative");
    }

    #[test]
    fn an_invalid_hazard_counts_for_nothing() {
        let mut h = facts(Grade::Major, Status::Invalid, Source::SelfCheck);
        h.listed = true;
        h.from_inspection = true;
        assert!(Tally::of(&h).is_zero());
        assert_eq!(h.close_bucket(), NOT_CLOSED);
    }

    #[test]
    fn a_closed_major_self_check_counts_everywhere_it_belongs() {
        let mut h = facts(Grade::Major, Status::Closed, Source::SelfCheck);
        h.from_inspection = true;
        h.listed = true;
        h.enforced = true;
        h.close_days = Some(4);
        let t = Tally::of(&h);
        assert_eq!(t.to_array(), [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]);
        assert_eq!(h.close_bucket(), 4);
    }

    #[test]
    fn flags_of_general_hazards_do_not_count_for_major_rates() {
        let mut h = facts(Grade::General, Status::Rectifying, Source::Inspection);
        h.listed = true;
        h.enforced = true;
        h.from_inspection = true;
        let t = Tally::of(&h);
        assert_eq!((t.found, t.open, t.in_inspections), (1, 1, 1));
        assert_eq!((t.major_listed, t.major_enforced, t.major_in_inspections, t.closed), (0, 0, 0, 0));
    }

    #[test]
    fn a_change_is_the_difference_of_two_tallies() {
        let before = Tally::of(&facts(Grade::Major, Status::Rectifying, Source::Inspection));
        let mut closed = facts(Grade::Major, Status::Closed, Source::Inspection);
        closed.close_days = Some(2);
        let after = Tally::of(&closed);
        let delta = after + -before;
        assert_eq!((delta.found, delta.open, delta.closed, delta.major_closed), (0, -1, 1, 1));
        assert_eq!(before + delta, after);
    }
}
