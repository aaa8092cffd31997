//! Rows read where they lie: a query's values handed out as borrowed `&str`s and plain
//! numbers instead of freshly allocated `String`s. The hazard list reads thousands of rows
//! a second and only writes them out as JSON; allocating and dropping a `String` for every
//! text column was a quarter of a page's time (issue 13). Everything else loads owned rows
//! with diesel's `Queryable` as usual.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::LoadConnection;
use diesel::query_builder::{Query, QueryFragment, QueryId};
use diesel::row::{Field, Row};
use diesel::sql_types::{BigInt, Bool, Date, Double, Timestamp};

use crate::db::{MultiBackend, MultiRawValue};
use crate::{DbConnection, InfraError};

/// Runs `query` and hands each row's `N` values to `visit`, in select order (`None` for
/// SQL NULL). The values borrow the connection's result: decode them with [`Column`]
/// inside `visit`.
pub(crate) fn each_row<Q, E, const N: usize>(
    conn: &mut DbConnection,
    query: Q,
    mut visit: impl FnMut(&mut [Option<MultiRawValue<'_>>; N]) -> Result<(), E>,
) -> Result<(), E>
where
    Q: Query + QueryFragment<MultiBackend> + QueryId,
    MultiBackend: diesel::expression::QueryMetadata<Q::SqlType>,
    E: From<InfraError>,
{
    let rows = conn.load(query).map_err(InfraError::from)?;
    for row in rows {
        let row = row.map_err(InfraError::from)?;
        if row.field_count() != N {
            return Err(
                InfraError::Corrupt(format!("expected {N} columns, the database sent {}", row.field_count())).into()
            );
        }
        let fields: [_; N] = std::array::from_fn(|i| row.get(i));
        let mut values: [_; N] = std::array::from_fn(|i| fields[i].as_ref().and_then(|f| f.value()));
        visit(&mut values)?;
    }
    Ok(())
}

/// A column's value decoded from a row of [`each_row`]: texts borrowed from the row, the
/// rest copied out. `column` names it in the error a corrupt value gives.
pub(crate) trait Column<'v>: Sized {
    /// The value in `slot`; a NULL is an error unless `Self` is an `Option`.
    fn decode(column: &str, slot: &'v mut Option<MultiRawValue<'_>>) -> Result<Self, InfraError>;
}

fn corrupt(column: &str, e: impl std::fmt::Display) -> InfraError {
    InfraError::Corrupt(format!("hazards.{column}: {e}"))
}

fn text<'v>(column: &str, value: &'v mut MultiRawValue<'_>) -> Result<&'v str, InfraError> {
    match value {
        // simdutf8: the check was the largest single item of a list page's decoding.
        MultiRawValue::Pg(pg) => simdutf8::basic::from_utf8(pg.as_bytes()).map_err(|e| corrupt(column, e)),
        MultiRawValue::Sqlite(lite) => Ok(lite.read_text()),
    }
}

impl<'v> Column<'v> for &'v str {
    fn decode(column: &str, slot: &'v mut Option<MultiRawValue<'_>>) -> Result<Self, InfraError> {
        match slot {
            Some(value) => text(column, value),
            None => Err(corrupt(column, "NULL in a NOT NULL column")),
        }
    }
}

impl<'v> Column<'v> for Option<&'v str> {
    fn decode(column: &str, slot: &'v mut Option<MultiRawValue<'_>>) -> Result<Self, InfraError> {
        slot.as_mut().map(|value| text(column, value)).transpose()
    }
}

/// `Column` for a type diesel decodes by value on both backends.
macro_rules! copied_column {
    ($($ty:ty => $sql:ty),* $(,)?) => {$(
        impl<'v> Column<'v> for $ty {
            fn decode(column: &str, slot: &'v mut Option<MultiRawValue<'_>>) -> Result<Self, InfraError> {
                match slot.take() {
                    Some(value) => value.from_sql::<$ty, $sql>().map_err(|e| corrupt(column, e)),
                    None => Err(corrupt(column, "NULL in a NOT NULL column")),
                }
            }
        }

        impl<'v> Column<'v> for Option<$ty> {
            fn decode(column: &str, slot: &'v mut Option<MultiRawValue<'_>>) -> Result<Self, InfraError> {
                slot.take().map(|value| value.from_sql::<$ty, $sql>()).transpose().map_err(|e| corrupt(column, e))
            }
        }
    )*};
}

copied_column!(f64 => Double, i64 => BigInt, bool => Bool, NaiveDate => Date, NaiveDateTime => Timestamp);

/// A borrowed value made owned (`&str` → `String`), or copied when it owns nothing.
pub(crate) trait Owned<T> {
    /// The owned value.
    fn owned(self) -> T;
}

impl Owned<String> for &str {
    fn owned(self) -> String {
        self.to_owned()
    }
}

impl Owned<Option<String>> for Option<&str> {
    fn owned(self) -> Option<String> {
        self.map(str::to_owned)
    }
}

impl<T: Copy> Owned<T> for T {
    fn owned(self) -> T {
        self
    }
}

/// An owned value lent out in its borrowed form (`String` → `&str`).
pub(crate) trait Lend<'a, B> {
    /// The borrowed value.
    fn lend(&'a self) -> B;
}

impl<'a> Lend<'a, &'a str> for String {
    fn lend(&'a self) -> &'a str {
        self
    }
}

impl<'a> Lend<'a, Option<&'a str>> for Option<String> {
    fn lend(&'a self) -> Option<&'a str> {
        self.as_deref()
    }
}

impl<T: Copy> Lend<'_, T> for T {
    fn lend(&self) -> T {
        *self
    }
}
