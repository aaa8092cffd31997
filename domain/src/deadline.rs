//! Deadlines in the district's time zone, and the derived `overdue` flag (逾期).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::hazard::Status;

/// The calendar date in the district at instant `now`; deadlines are district dates.
pub fn local_date(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// A hazard is overdue while under rectification from the day after its deadline.
pub fn is_overdue(status: Status, deadline: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == Status::Rectifying && deadline.is_some_and(|d| d < today)
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
    fn district_date_is_shanghai_date() {
        // 2025-03-31 16:30 UTC is already 2025-04-01 00:30 in Shanghai.
        let now = Utc.with_ymd_and_hms(2025, 3, 31, 16, 30, 0).unwrap();
        assert_eq!(local_date(now, chrono_tz::Asia::Shanghai), NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(local_date(now, chrono_tz::UTC), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
    }
}
