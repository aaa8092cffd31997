//! Deadlines in the district's time zone, and the derived `overdue` flag (逾期).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::hazard::Status;

/// The calendar date in the district at instant `now`; deadlines are district dates.
pub fn local_date(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// A deadline (a district date) has passed from the next district day on: work due "by
/// 31 March" is on time all of 31 March.
pub fn has_passed(deadline: NaiveDate, today: NaiveDate) -> bool {
    deadline < today
}

/// A hazard is overdue while under rectification from the day after its deadline.
/// `infra::repo::overdue` restates this rule in SQL; a test holds the two together.
pub fn is_overdue(status: Status, deadline: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == Status::Rectifying && deadline.is_some_and(|d| has_passed(d, today))
}

/// A listed supervision (挂牌督办) is overdue while still active (not lifted) from the day
/// after its own deadline, whatever the hazard's status. `infra::repo::overdue` restates
/// this rule in SQL; a test holds the two together.
pub fn is_supervision_overdue(active: bool, deadline: NaiveDate, today: NaiveDate) -> bool {
    active && has_passed(deadline, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn overdue_starts_the_next_local_day() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        assert!(!is_overdue(Status::Rectifying, Some(d), d));
        assert!(is_overdue(Status::Rectifying, Some(d), d.succ_opt().unwrap()));
        assert!(!is_overdue(Status::PendingReview, Some(d), d.succ_opt().unwrap()));
        assert!(!is_overdue(Status::Rectifying, None, d.succ_opt().unwrap()));
    }

    #[test]
    fn supervision_overdue_starts_the_next_local_day_while_active() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let next = d.succ_opt().unwrap();
        assert!(!is_supervision_overdue(true, d, d));
        assert!(is_supervision_overdue(true, d, next));
        assert!(!is_supervision_overdue(false, d, next));
        assert!(!is_supervision_overdue(true, next, d));
    }

    #[test]
    fn district_date_is_shanghai_date() {
        // 2025-03-31 16:30 UTC is already 2025-04-01 00:30 in Shanghai.
        let now = Utc.with_ymd_and_hms(2025, 3, 31, 16, 30, 0).unwrap();
        assert_eq!(local_date(now, chrono_tz::Asia::Shanghai), NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(local_date(now, chrono_tz::UTC), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
    }
}
