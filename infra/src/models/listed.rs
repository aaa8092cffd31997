//! A hazard as lists send it: the stored row without the bookkeeping columns no view
//! shows (request digest, deadline-job markers, filing date, closing days, tip, ...).
//! Lists read thousands of rows a second; every column they skip is one value PostgreSQL
//! does not send and the server does not decode (issue 13).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::HazardRow;
use crate::db::MultiRawValue;
use crate::repo::borrowed;
use crate::schema::hazards;
use crate::InfraError;

/// Declares [`ListedHazard`], its projection from a full [`HazardRow`], and its borrowed
/// twin [`ListedRef`] from one list of columns, so the three cannot drift apart.
macro_rules! listed_hazard {
    ($lt:lifetime; $($(#[doc = $doc:literal])* $field:ident: $ty:ty => $borrowed:ty,)*) => {
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

        /// The same columns, borrowed from the database's reply: the list writes its
        /// page from them without first copying every text into a `String` of its own
        /// (issue 13: building rows was a quarter of a page's time).
        #[derive(Debug, Clone, Copy)]
        pub struct ListedRef<$lt> {
            $($(#[doc = $doc])* pub $field: $borrowed,)*
        }

        impl<$lt> ListedRef<$lt> {
            /// How many columns the list selects, in this order.
            pub(crate) const COLUMNS: usize = [$(stringify!($field)),*].len();

            /// The select list, in the order [`ListedRef::decode`] reads the values: the
            /// fields' names are the columns' (the `Selectable` derive above checks them).
            pub(crate) const SELECT: &'static str = crate::models::listed::without_first_comma(concat!($(", ", stringify!($field)),*));

            /// Reads one row's values, in [`ListedHazard`]'s column order.
            pub(crate) fn decode(values: &$lt mut [Option<MultiRawValue<'_>>]) -> Result<Self, InfraError> {
                let mut values = values.iter_mut();
                Ok(Self {
                    $($field: borrowed::Column::decode(
                        stringify!($field),
                        values.next().ok_or_else(|| InfraError::Corrupt(format!("hazards: no column {}", stringify!($field))))?,
                    )?,)*
                })
            }

            /// An owned copy, for the rows a page still has to complete later.
            pub fn to_owned(&self) -> ListedHazard {
                ListedHazard { $($field: borrowed::Owned::owned(self.$field),)* }
            }
        }

        impl ListedHazard {
            /// The row borrowed, as the list reads it from the database.
            pub fn as_ref(&self) -> ListedRef<'_> {
                ListedRef { $($field: borrowed::Lend::lend(&self.$field),)* }
            }
        }
    };
}

/// `text` without its leading `", "`, at compile time.
pub(crate) const fn without_first_comma(text: &'static str) -> &'static str {
    match text.as_bytes() {
        [b',', b' ', rest @ ..] => match std::str::from_utf8(rest) {
            Ok(rest) => rest,
            Err(_) => text,
        },
        _ => text,
    }
}

listed_hazard! { 'r;
    /// UUID.
    id: String => &'r str,
    /// Human-readable code.
    code: String => &'r str,
    /// Short title.
    title: String => &'r str,
    /// Description.
    description: String => &'r str,
    /// Sector code.
    sector: String => &'r str,
    /// Street code.
    street_code: String => &'r str,
    /// Address.
    address: String => &'r str,
    /// WGS-84 latitude.
    latitude: Option<f64> => Option<f64>,
    /// WGS-84 longitude.
    longitude: Option<f64> => Option<f64>,
    /// Grade code.
    grade: String => &'r str,
    /// Cited criterion for major hazards.
    criterion_code: Option<String> => Option<&'r str>,
    /// Source code.
    source: String => &'r str,
    /// Status code.
    status: String => &'r str,
    /// Enterprise, when known.
    enterprise_id: Option<String> => Option<&'r str>,
    /// Enterprise name as the inspector typed it.
    enterprise_name: Option<String> => Option<&'r str>,
    /// Inspection it was found in.
    inspection_id: Option<String> => Option<&'r str>,
    /// Responsible department.
    department_code: Option<String> => Option<&'r str>,
    /// Responsible party.
    responsible_party: Option<String> => Option<&'r str>,
    /// Rectification deadline (district date).
    deadline: Option<NaiveDate> => Option<NaiveDate>,
    /// The 五落实 plan as JSON.
    rectification_plan: Option<String> => Option<&'r str>,
    /// Account that filed it.
    reported_by: String => &'r str,
    /// When the reporter saw it (their clock).
    observed_at: Option<NaiveDateTime> => Option<NaiveDateTime>,
    /// Filed (UTC).
    created_at: NaiveDateTime => NaiveDateTime,
    /// Last change (UTC).
    updated_at: NaiveDateTime => NaiveDateTime,
    /// Closed (UTC).
    closed_at: Option<NaiveDateTime> => Option<NaiveDateTime>,
    /// Optimistic-concurrency version.
    version: i64 => i64,
    /// Ever listed for supervision: only such a hazard can have an active listing to show.
    listed: bool => bool,
}
