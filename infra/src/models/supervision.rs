//! Supervision listings and enforcement actions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::*;

/// A listed supervision (挂牌督办).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = supervisions, treat_none_as_null = true)]
pub struct SupervisionRow {
    /// UUID.
    pub id: String,
    /// The hazard.
    pub hazard_id: String,
    /// street, district or city.
    pub level: String,
    /// Supervising department.
    pub department_code: String,
    /// 督办文号.
    pub document_number: String,
    /// Supervision deadline.
    pub deadline: NaiveDate,
    /// Why it was listed.
    pub reason: String,
    /// active or lifted.
    pub status: String,
    /// Who listed it.
    pub listed_by: String,
    /// When.
    pub listed_at: NaiveDateTime,
    /// Who lifted it (摘牌).
    pub lifted_by: Option<String>,
    /// When.
    pub lifted_at: Option<NaiveDateTime>,
    /// Remarks on lifting.
    pub lift_note: Option<String>,
    /// The deadline whose passing was recorded (once).
    pub overdue_recorded_for: Option<NaiveDate>,
    /// The deadline a reminder was recorded for (once).
    pub reminded_for: Option<NaiveDate>,
}

/// An enforcement action (约谈, 警示通报, …).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enforcement_actions)]
pub struct EnforcementRow {
    /// UUID.
    pub id: String,
    /// The hazard.
    pub hazard_id: String,
    /// The enterprise concerned.
    pub enterprise_id: Option<String>,
    /// Kind code.
    pub kind: String,
    /// When it happened.
    pub action_date: NaiveDate,
    /// Department that acted.
    pub department_code: String,
    /// Remarks.
    pub note: Option<String>,
    /// Recorded by.
    pub created_by: String,
    /// Recorded at.
    pub created_at: NaiveDateTime,
}
