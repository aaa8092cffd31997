//! Test hooks that kill the process at exact points of a keyed request, so the kill -9
//! test can hit the narrow windows a random kill rarely does. Only debug builds honour
//! them (release builds compile the check away); they are documented as test hooks in
//! `docs/operations.md` and must never be set on a server.
//!
//! - `HAZARD_TEST_CRASH_AFTER_COMMIT=<key>`: the handler's use case has finished its
//!   write (where, before the unit of work, it had committed) and the response is built;
//!   the process dies before the response is stored.
//! - `HAZARD_TEST_CRASH_AFTER_STORE=<key>`: the writes and the stored response have
//!   committed; the process dies before the answer reaches the client.

/// After the use case's write, before the response is stored.
pub const AFTER_COMMIT: &str = "HAZARD_TEST_CRASH_AFTER_COMMIT";
/// After the writes and the response committed, before answering.
pub const AFTER_STORE: &str = "HAZARD_TEST_CRASH_AFTER_STORE";

/// Aborts the process (no unwinding, no flushing: as close to kill -9 as a process can
/// do to itself) when `hook` names `key`. A no-op in release builds.
pub fn point(hook: &str, key: &str) {
    if cfg!(debug_assertions) && std::env::var(hook).is_ok_and(|k| k == key) {
        eprintln!("{hook}: aborting for Idempotency-Key {key}");
        std::process::abort();
    }
}
