//! Webhook delivery: the worker that fans outbox events out to subscribers and sends
//! them, signed, with retries; and the checks that keep targets off internal networks.

pub mod fan_out;
pub mod resolve;
pub mod signature;
pub mod ssrf;
pub mod worker;
