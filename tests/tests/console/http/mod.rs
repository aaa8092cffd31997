//! The console over plain HTTP: sign-in and sessions, CSRF, security headers, scope,
//! forms and their problems. Every refused request is checked to change nothing.

mod admin;
mod forms;
mod queues;
mod refusals;
mod sessions;
