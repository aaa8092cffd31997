//! Helpers for the few statements written as SQL text (aggregates and upserts that both
//! backends speak but the query builder does not cover on a `MultiConnection`).

use crate::DbConnection;

/// The backend type of boxed raw queries on the multi-backend connection.
pub type Backend = <DbConnection as diesel::Connection>::Backend;

/// Bind placeholders in order: `$1, $2, …` on PostgreSQL, `?` on SQLite.
#[derive(Debug)]
pub struct Placeholders {
    numbered: bool,
    n: usize,
}

impl Placeholders {
    /// Placeholders for statements on `conn`.
    pub fn new(conn: &DbConnection) -> Self {
        Self { numbered: matches!(conn, DbConnection::Pg(_)), n: 0 }
    }

    /// The next placeholder.
    pub fn param(&mut self) -> String {
        self.n += 1;
        if self.numbered {
            format!("${}", self.n)
        } else {
            "?".to_owned()
        }
    }
}

/// `true` on PostgreSQL, for the odd expression the two dialects spell differently.
pub fn is_pg(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Pg(_))
}
