//! Persistence and other I/O for hazard-api: diesel over SQLite or PostgreSQL, credential
//! hashing, reference-data seeding and the demo data set.
//!
//! Functions here take a connection and do one unit of work; the API layer decides
//! what is allowed (through `hazard_domain`) and calls them inside `web::block`.

pub mod clock;
pub mod codes;
pub mod db;
pub mod demo;
pub mod error;
pub mod models;
pub mod password;
pub mod repo;
pub mod schema;
pub mod secrets;
pub mod seed;
pub mod storage;
pub mod thumbnail;
pub mod typed;

pub use db::{DbConnection, Pool, PooledConn};
pub use error::InfraError;
