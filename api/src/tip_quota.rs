//! What an anonymous reporter may upload: a number of photos per tip, and a number of
//! bytes per client address per hour. Counted in the database (atomically), so the
//! caps hold across replicas.

use chrono::Duration;
use hazard_infra::repo::throttle;
use hazard_infra::DbConnection;

use crate::error::ApiError;
use crate::state::AppState;

/// Counts one photo of `bytes` for `tip_id` from `address`, or refuses it: 409 when the
/// tip has its photos, 429 with `Retry-After` when the address used its hourly bytes.
pub fn admit(
    conn: &mut DbConnection,
    state: &AppState,
    tip_id: &str,
    address: &str,
    bytes: usize,
) -> Result<(), ApiError> {
    let limits = &state.settings.limits;
    let now = state.now_naive();
    let per_tip = throttle::Ration {
        max_attempts: limits.tip_photos_per_tip,
        window: Duration::days(3650),
        lockout: Duration::zero(),
        delay_after: None,
        max_delay: Duration::zero(),
    };
    if throttle::consume(&mut *conn, &format!("tip-photos:{tip_id}"), 1, now, per_tip)?.is_err() {
        return Err(ApiError::Conflict {
            code: "too_many_photos",
            detail: format!("a tip carries at most {} photos", limits.tip_photos_per_tip),
        });
    }
    let kib = i32::try_from(bytes.div_ceil(1024)).unwrap_or(i32::MAX);
    let hourly = throttle::Ration {
        max_attempts: limits.tip_photo_mb_per_hour.saturating_mul(1024),
        window: Duration::hours(1),
        lockout: Duration::zero(),
        delay_after: None,
        max_delay: Duration::zero(),
    };
    if let Err(left) = throttle::consume(&mut *conn, &format!("tip-bytes:{address}"), kib, now, hourly)? {
        // Not taken after all: give the photo back to the tip.
        throttle::consume(&mut *conn, &format!("tip-photos:{tip_id}"), -1, now, per_tip)?.ok();
        return Err(ApiError::RateLimited(u64::try_from(left.num_seconds().max(1)).unwrap_or(1)));
    }
    Ok(())
}
