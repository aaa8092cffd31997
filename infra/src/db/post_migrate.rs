//! Steps after the SQL migrations that need the server's configuration. A migration does
//! not know the district time zone (`HAZARD_TIMEZONE`), so the stats-rollup migration only
//! leaves a note in `settings`; the first server that starts afterwards files every
//! existing hazard under its district date in the configured zone and rebuilds the rollup.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::dsl::{max, min};
use diesel::prelude::*;
use hazard_domain::deadline::local_date;

use crate::repo::month_stats;
use crate::schema::{hazards, settings};
use crate::{DbConnection, InfraError};

/// The `settings` key the stats-rollup migration leaves: existing hazards still need their
/// `filed_on` in the configured zone, and the rollup its rebuild.
pub const FILED_ON_PENDING: &str = "pending:filed_on";

/// Runs the pending steps in one transaction; returns how many hazards got a (different)
/// filing date, or `None` when nothing was pending. Replicas starting together run it once:
/// the first claims the note, the others find it gone.
pub fn run(conn: &mut DbConnection, tz: Tz) -> Result<Option<usize>, InfraError> {
    let done = crate::db::write(conn, |conn| -> Result<_, InfraError> {
        let claimed = diesel::delete(settings::table.find(FILED_ON_PENDING)).execute(conn)?;
        if claimed == 0 {
            return Ok(None);
        }
        let refiled = refile(conn, tz)?;
        month_stats::rebuild(conn)?;
        Ok(Some(refiled))
    })?;
    if done.is_some() {
        // Every hazard's filing date and the whole rollup were just rewritten.
        crate::db::analyze(conn, crate::db::STATS_TABLES)?;
    }
    Ok(done)
}

/// Sets every hazard's `filed_on` to the district date in `tz` of its `created_at`, one
/// indexed statement per district day (so DST and odd offsets are chrono-tz's business, not
/// SQL's); returns the number of rows changed. The caller rebuilds the rollup afterwards.
pub fn refile(conn: &mut DbConnection, tz: Tz) -> Result<usize, InfraError> {
    let (first, last): (Option<NaiveDateTime>, Option<NaiveDateTime>) =
        hazards::table.select((min(hazards::created_at), max(hazards::created_at))).first(conn)?;
    let (Some(first), Some(last)) = (first, last) else { return Ok(0) };
    let last_day = local_date(last.and_utc(), tz);
    let mut day = local_date(first.and_utc(), tz);
    let mut from = start_of(day, tz)?;
    let mut changed = 0;
    while day <= last_day {
        let next = day.succ_opt().ok_or_else(|| InfraError::Migration(format!("no day after {day}")))?;
        let to = start_of(next, tz)?;
        changed += diesel::update(
            hazards::table
                .filter(hazards::created_at.ge(from))
                .filter(hazards::created_at.lt(to))
                .filter(hazards::filed_on.ne(day)),
        )
        .set(hazards::filed_on.eq(day))
        .execute(conn)?;
        (day, from) = (next, to);
    }
    Ok(changed)
}

/// The first instant (UTC, as stored) of district date `day`: local midnight, or the first
/// whole hour after it when a DST change skips midnight.
fn start_of(day: NaiveDate, tz: Tz) -> Result<NaiveDateTime, InfraError> {
    (0..24)
        .find_map(|h| day.and_hms_opt(h, 0, 0).and_then(|t| tz.from_local_datetime(&t).earliest()))
        .map(|t| t.naive_utc())
        .ok_or_else(|| InfraError::Migration(format!("{day} has no first hour in {tz}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight_or_the_first_hour_after_a_skipped_one() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(start_of(d("2025-01-15"), chrono_tz::Asia::Shanghai).unwrap().to_string(), "2025-01-14 16:00:00");
        assert_eq!(start_of(d("2025-01-15"), chrono_tz::America::New_York).unwrap().to_string(), "2025-01-15 05:00:00");
        // Santiago skipped 2024-09-08 00:00 (clocks went from 00:00 to 01:00, UTC-4 → UTC-3).
        assert_eq!(start_of(d("2024-09-08"), chrono_tz::America::Santiago).unwrap().to_string(), "2024-09-08 04:00:00");
    }
}
