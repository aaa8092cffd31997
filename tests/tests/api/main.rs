//! Black-box tests over HTTP; each test starts its own server and database.

mod auth;
mod contract;
mod enterprises;
mod field_work;
mod filed_on_backfill;
mod hazards_create;
mod hazards_lifecycle;
mod hazards_list;
mod idempotency;
mod kpi_rollup;
mod kpis;
mod midnight;
mod open311;
mod open311_letter;
mod operations;
mod overdue_rule;
mod photos;
mod placement;
mod reference;
mod strict_input;
mod supervision;
mod sync;
mod third_party;
mod tips;
mod users;
mod webhooks;
