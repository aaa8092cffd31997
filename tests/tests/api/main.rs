//! Black-box tests over HTTP; each test starts its own server and database.

mod auth;
mod bodies;
mod enterprises;
mod field_work;
mod hazards_create;
mod hazards_lifecycle;
mod hazards_list;
mod headers_and_feeds;
mod idempotency;
mod idempotency_bounds;
mod kpi_rollup;
mod kpis;
mod open311;
mod operations;
mod outages;
mod photos;
mod reference;
mod sign_in_throttle;
mod supervision;
mod sync;
mod third_party;
mod tips;
mod users;
mod webhooks;
