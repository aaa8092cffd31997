//! Black-box tests over HTTP; each test starts its own server and database.

mod auth;
mod hazards_create;
mod hazards_lifecycle;
mod hazards_list;
mod operations;
mod reference;
mod users;
