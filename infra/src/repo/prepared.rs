//! Statements written as SQL text that the connection still prepares once and reuses.
//! diesel never caches `sql_query` (it cannot know the text is fixed), so PostgreSQL would
//! parse and plan each such statement on every call; on the filing path that was three
//! of its statements, every time. [`Prepared`] is for text that is the same on every call
//! (binds apart): diesel then caches it per connection, keyed by the text.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamp, Untyped};
use diesel::{QueryResult, RunQueryDsl};

use super::sql::Backend;

/// Where a bind goes in a [`Prepared`] statement's text (each backend's own placeholder,
/// `$n` or `?`, is written there).
pub const BIND: &str = "$?";

/// One bind value.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// `TEXT`.
    Text(&'a str),
    /// `TEXT`, possibly NULL.
    NullableText(Option<&'a str>),
    /// `BIGINT`.
    BigInt(i64),
    /// `INTEGER`.
    Integer(i32),
    /// `DATE`.
    Date(NaiveDate),
    /// `TIMESTAMP`.
    Timestamp(NaiveDateTime),
}

impl Value<'_> {
    fn walk<'b>(&'b self, out: &mut AstPass<'_, 'b, Backend>) -> QueryResult<()> {
        match self {
            Value::Text(v) => out.push_bind_param::<Text, _>(v),
            Value::NullableText(v) => out.push_bind_param::<Nullable<Text>, _>(v),
            Value::BigInt(v) => out.push_bind_param::<BigInt, _>(v),
            Value::Integer(v) => out.push_bind_param::<Integer, _>(v),
            Value::Date(v) => out.push_bind_param::<Date, _>(v),
            Value::Timestamp(v) => out.push_bind_param::<Timestamp, _>(v),
        }
    }
}

/// A statement whose text is the same on every call, with [`BIND`] where each value goes.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    sql: &'a str,
    /// The text between the marks, split once here rather than on each of diesel's
    /// passes over the statement (it walks it three or four times per execution).
    parts: Vec<&'a str>,
    binds: Vec<Value<'a>>,
}

impl<'a> Prepared<'a> {
    /// The statement `sql`; binds follow with [`Prepared::bind`], in order.
    pub fn new(sql: &'a str) -> Self {
        Self { sql, parts: sql.split(BIND).collect(), binds: Vec::new() }
    }

    /// Binds the next [`BIND`].
    pub fn bind(mut self, value: Value<'a>) -> Self {
        self.binds.push(value);
        self
    }
}

impl QueryId for Prepared<'_> {
    type QueryId = ();
    // Not a static type: diesel keys its cache by the text instead.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared<'_> {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Prepared<'_> {}

impl QueryFragment<Backend> for Prepared<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Backend>) -> QueryResult<()> {
        let mut parts = self.parts.iter();
        let mut binds = self.binds.iter();
        out.push_sql(parts.next().copied().unwrap_or_default());
        for part in parts {
            let value = binds.next().ok_or_else(|| mismatch(self))?;
            value.walk(&mut out)?;
            out.push_sql(part);
        }
        match binds.next() {
            Some(_) => Err(mismatch(self)),
            None => Ok(()),
        }
    }
}

fn mismatch(statement: &Prepared<'_>) -> Error {
    Error::QueryBuilderError(
        format!(
            "{} values bound to a statement with another number of places: {}",
            statement.binds.len(),
            statement.sql
        )
        .into(),
    )
}

#[cfg(test)]
mod tests {
    use diesel::sql_types::BigInt;
    use diesel::sqlite::SqliteConnection;
    use diesel::{Connection, QueryableByName};

    use super::*;
    use crate::DbConnection;

    #[derive(QueryableByName)]
    struct Sum {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    #[test]
    fn binds_go_where_the_marks_are_and_a_count_mismatch_is_an_error() {
        let mut conn = DbConnection::Sqlite(SqliteConnection::establish(":memory:").expect("sqlite"));
        let sum: Sum = Prepared::new("SELECT $? + $? * $? AS n")
            .bind(Value::BigInt(2))
            .bind(Value::BigInt(4))
            .bind(Value::BigInt(10))
            .get_result(&mut conn)
            .expect("runs");
        assert_eq!(sum.n, 42, "in order");
        assert!(Prepared::new("SELECT $? AS n").get_result::<Sum>(&mut conn).is_err(), "too few values");
        assert!(
            Prepared::new("SELECT 1 AS n").bind(Value::BigInt(1)).get_result::<Sum>(&mut conn).is_err(),
            "too many values"
        );
    }
}
