//! Counts an operator watches (`GET /metrics`): what is waiting in the webhook outbox,
//! how deliveries ended, and how many hazards and supervision listings are overdue now.
//! Database-wide, so every replica reports the same figures.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::schema::{hazards, outbox, supervisions, webhook_deliveries};
use crate::{DbConnection, InfraError};

/// One reading of the gauges.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Gauges {
    /// Outbox events not yet fanned out to subscriptions.
    pub outbox_pending: i64,
    /// Webhook deliveries per status (`pending`, `delivered`, `failed`), kept 30 days.
    pub deliveries: Vec<(String, i64)>,
    /// Hazards under rectification past their deadline (the list's `overdue=true` rule).
    pub overdue_hazards: i64,
    /// Active supervision listings past their deadline.
    pub overdue_supervisions: i64,
}

/// Reads the gauges for the district date `today`.
pub fn read(conn: &mut DbConnection, today: NaiveDate) -> Result<Gauges, InfraError> {
    let outbox_pending = outbox::table.filter(outbox::fanned_out.eq(false)).count().get_result(conn)?;
    let deliveries = webhook_deliveries::table
        .group_by(webhook_deliveries::status)
        .select((webhook_deliveries::status, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?;
    let overdue_hazards = hazards::table
        .filter(hazards::status.eq("rectifying"))
        .filter(hazards::deadline.lt(today))
        .count()
        .get_result(conn)?;
    let overdue_supervisions = supervisions::table
        .filter(supervisions::status.eq("active"))
        .filter(supervisions::deadline.lt(today))
        .count()
        .get_result(conn)?;
    Ok(Gauges { outbox_pending, deliveries, overdue_hazards, overdue_supervisions })
}
