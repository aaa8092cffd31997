//! A hazard as lists send it: the stored row without the bookkeeping columns no view
//! shows (request digest, deadline-job markers, filing date, closing days, tip, ...).
//! Lists read thousands of rows a second; every column they skip is one value PostgreSQL
//! does not send and the server does not decode (issue 13).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::HazardRow;
use crate::schema::hazards;

/// Declares [`ListedHazard`] and its projection from a full [`HazardRow`] from one list of
/// columns, so the two cannot drift apart.
macro_rules! listed_hazard {
    ($($(#[doc = $doc:literal])* $field:ident: $ty:ty,)*) => {
        /// The columns of a hazard that its wire views are made of.
        #[derive(Debug, Clone, Queryable, Selectable)]
        #[diesel(table_name = hazards)]
        pub struct ListedHazard {
            $($(#[doc = $doc])* pub $field: $ty,)*
        }

        impl From<HazardRow> for ListedHazard {
            fn from(row: HazardRow) -> Self {
                Self { $($field: row.$field,)* }
            }
        }
    };
}

listed_hazard! {
    /// UUID.
    id: String,
    /// Human-readable code.
    code: String,
    /// Short title.
    title: String,
    /// Description.
    description: String,
    /// Sector code.
    sector: String,
    /// Street code.
    street_code: String,
    /// Address.
    address: String,
    /// WGS-84 latitude.
    latitude: Option<f64>,
    /// WGS-84 longitude.
    longitude: Option<f64>,
    /// Grade code.
    grade: String,
    /// Cited criterion for major hazards.
    criterion_code: Option<String>,
    /// Source code.
    source: String,
    /// Status code.
    status: String,
    /// Enterprise, when known.
    enterprise_id: Option<String>,
    /// Enterprise name as the inspector typed it.
    enterprise_name: Option<String>,
    /// Inspection it was found in.
    inspection_id: Option<String>,
    /// Responsible department.
    department_code: Option<String>,
    /// Responsible party.
    responsible_party: Option<String>,
    /// Rectification deadline (district date).
    deadline: Option<NaiveDate>,
    /// The 五落实 plan as JSON.
    rectification_plan: Option<String>,
    /// Account that filed it.
    reported_by: String,
    /// When the reporter saw it (their clock).
    observed_at: Option<NaiveDateTime>,
    /// Filed (UTC).
    created_at: NaiveDateTime,
    /// Last change (UTC).
    updated_at: NaiveDateTime,
    /// Closed (UTC).
    closed_at: Option<NaiveDateTime>,
    /// Optimistic-concurrency version.
    version: i64,
    /// Ever listed for supervision: only such a hazard can have an active listing to show.
    listed: bool,
}
