//! The black-box test harness: `spawn_app()` starts the real server on port 0 with a
//! fresh database of its own (a temporary SQLite file, or a new PostgreSQL database when
//! `HAZARD_TEST_DATABASE_URL` names a server), and offers helpers that speak HTTP the way
//! a phone or a third-party app does.
//!
//! Pick the backend with `HAZARD_TEST_DATABASE_URL`:
//! unset or `sqlite` for SQLite; `postgres://user@host:port/any_db` for PostgreSQL
//! (the harness creates and drops one database per test through that server).

pub mod contract;
mod fixtures;
mod http;
mod reply;
mod server;

pub use fixtures::*;
pub use reply::Reply;
pub use server::*;

/// The password every account made by the helpers gets.
pub const PASSWORD: &str = "Test-password-1";

/// The administrator's password in every test server.
pub const ADMIN_PASSWORD: &str = "Admin-password-1";

/// The JWT secret of every test server (tests forge tokens with it).
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-signing";

/// The bearer token of every test server's `/metrics`.
pub const METRICS_TOKEN: &str = "test-metrics-token";
