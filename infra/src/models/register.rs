//! The register of enterprises and the inspections of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

/// An enterprise (生产经营单位).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enterprises)]
pub struct EnterpriseRow {
    /// UUID.
    pub id: String,
    /// Registered name.
    pub name: String,
    /// Unified social credit code.
    pub uscc: String,
    /// Street.
    pub street_code: String,
    /// Sector.
    pub sector: String,
    /// Address.
    pub address: String,
    /// Risk-and-credit class A-D.
    pub risk_class: String,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// An inspection (检查).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inspections, treat_none_as_null = true)]
pub struct InspectionRow {
    /// UUID.
    pub id: String,
    /// Public, unguessable inspection code (检查码).
    pub code: String,
    /// Kind code.
    pub kind: String,
    /// Enterprise inspected, if any.
    pub enterprise_id: Option<String>,
    /// Site address when no enterprise is on record.
    pub site_address: Option<String>,
    /// Street.
    pub street_code: String,
    /// Department running it.
    pub department_code: Option<String>,
    /// JSON array of inspector account ids.
    pub inspector_ids: String,
    /// Start (UTC).
    pub started_at: NaiveDateTime,
    /// Finish (UTC).
    pub finished_at: Option<NaiveDateTime>,
    /// Remarks.
    pub note: Option<String>,
    /// Account that recorded it.
    pub created_by: String,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}
