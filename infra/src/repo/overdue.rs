//! "Overdue" (逾期) in SQL: the one place that restates the domain's rules
//! (`hazard_domain::deadline::{is_overdue, is_supervision_overdue}`) for the database, as
//! query-builder filters and, for the statements written as SQL text, as a text fragment.
//! Every repository that selects or counts overdue rows uses these; a black-box test
//! (`tests/tests/api/overdue_rule.rs`) holds them to the domain rules on a table of cases.

use chrono::NaiveDate;
use diesel::dsl::{And, Eq, IsNotNull, Lt};
use diesel::prelude::*;
use hazard_domain::hazard::Status;

use crate::schema::{hazards, supervisions};

/// The stored status of a hazard that can be overdue.
const RECTIFYING: &str = Status::Rectifying.as_str();

/// The stored status of a listing that is not lifted.
const ACTIVE: &str = "active";

/// The filter type of [`hazard`].
pub type HazardOverdue =
    And<And<Eq<hazards::status, &'static str>, IsNotNull<hazards::deadline>>, Lt<hazards::deadline, NaiveDate>>;

/// The filter type of [`supervision`].
pub type SupervisionOverdue = And<Eq<supervisions::status, &'static str>, Lt<supervisions::deadline, NaiveDate>>;

/// Hazards overdue on district date `today`: under rectification, past the deadline. The
/// explicit `IS NOT NULL` keeps `NOT (…)` true for a hazard without a deadline, so
/// `diesel::dsl::not(hazard(today))` selects exactly the hazards that are not overdue.
pub fn hazard(today: NaiveDate) -> HazardOverdue {
    hazards::status.eq(RECTIFYING).and(hazards::deadline.is_not_null()).and(hazards::deadline.lt(today))
}

/// The same rule as SQL text over the `hazards` columns `status` and `deadline`, with
/// `today` the placeholder bound to the district date; for statements written as text.
pub fn hazard_sql(today: &str) -> String {
    format!("(status = '{RECTIFYING}' AND deadline IS NOT NULL AND deadline < {today})")
}

/// Listings overdue on district date `today`: active (not lifted), past their own deadline.
pub fn supervision(today: NaiveDate) -> SupervisionOverdue {
    supervisions::status.eq(ACTIVE).and(supervisions::deadline.lt(today))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_text_form_names_the_same_status() {
        assert_eq!(super::hazard_sql("$1"), "(status = 'rectifying' AND deadline IS NOT NULL AND deadline < $1)");
    }
}
