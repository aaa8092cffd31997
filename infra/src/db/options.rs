//! How long the service waits for its database, and how SQLite commits. Every wait is
//! bounded so that an unreachable or stuck database answers 503 quickly instead of
//! holding requests (and their memory) for as long as the operating system would.

use std::time::Duration;

/// How SQLite syncs a commit to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    /// Every acknowledged write survives a power loss (the default).
    Full,
    /// Faster commits; the last writes before a power loss (not a crash) may be lost.
    Normal,
}

impl Synchronous {
    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        }
    }
}

/// Connection and pool settings; `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Connections per process.
    pub pool_size: u32,
    /// Longest wait for a pooled connection (503 after).
    pub checkout_timeout: Duration,
    /// PostgreSQL: longest wait to establish a connection (libpq rounds up to 2 s).
    pub connect_timeout: Duration,
    /// PostgreSQL: longest run of one statement, enforced by the server.
    pub statement_timeout: Duration,
    /// PostgreSQL: idle time before TCP keepalive probes, and the longest time sent
    /// data may stay unacknowledged (a network partition) before the connection is dropped.
    pub tcp_timeout: Duration,
    /// SQLite: longest wait for the write lock held by another writer.
    pub sqlite_busy_timeout: Duration,
    /// SQLite: commit durability.
    pub sqlite_synchronous: Synchronous,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            pool_size: 10,
            checkout_timeout: Duration::from_millis(1500),
            connect_timeout: Duration::from_secs(2),
            statement_timeout: Duration::from_secs(30),
            tcp_timeout: Duration::from_secs(10),
            sqlite_busy_timeout: Duration::from_secs(5),
            sqlite_synchronous: Synchronous::Full,
        }
    }
}

impl DbOptions {
    /// The libpq URL with the timeouts added (settings already in the URL win).
    pub fn postgres_url(&self, url: &str) -> String {
        let secs = |d: Duration| d.as_secs().max(1);
        let params = [
            ("connect_timeout", secs(self.connect_timeout).max(2).to_string()),
            ("keepalives", "1".to_owned()),
            ("keepalives_idle", secs(self.tcp_timeout).to_string()),
            ("keepalives_interval", "2".to_owned()),
            ("keepalives_count", "3".to_owned()),
            ("tcp_user_timeout", self.tcp_timeout.as_millis().to_string()),
            ("options", format!("-c%20statement_timeout%3D{}", self.statement_timeout.as_millis())),
        ];
        let mut out = url.to_owned();
        for (name, value) in params {
            if url.contains(&format!("{name}=")) {
                continue;
            }
            out.push(if out.contains('?') { '&' } else { '?' });
            out.push_str(&format!("{name}={value}"));
        }
        out
    }

    /// The PRAGMAs every SQLite connection starts with (WAL is set once per file).
    pub fn sqlite_pragmas(&self) -> String {
        format!(
            "PRAGMA busy_timeout = {}; PRAGMA synchronous = {}; PRAGMA foreign_keys = ON;",
            self.sqlite_busy_timeout.as_millis(),
            self.sqlite_synchronous.pragma()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_get_every_timeout_once() {
        let o = DbOptions::default();
        let url = o.postgres_url("postgres://u@h/db");
        assert!(url.starts_with("postgres://u@h/db?connect_timeout=2&keepalives=1"), "{url}");
        assert!(url.contains("tcp_user_timeout=10000") && url.contains("statement_timeout%3D30000"), "{url}");
        let kept = o.postgres_url("postgres://u@h/db?sslmode=disable&connect_timeout=9");
        assert!(kept.contains("connect_timeout=9") && !kept.contains("connect_timeout=2"), "{kept}");
        assert!(kept.contains("sslmode=disable&connect_timeout=9&keepalives=1"), "{kept}");
    }

    #[test]
    fn sqlite_is_durable_by_default() {
        assert!(DbOptions::default().sqlite_pragmas().contains("synchronous = FULL"));
    }
}
