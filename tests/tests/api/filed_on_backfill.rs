//! Upgrading a database from before the monthly sums files the existing hazards under their
//! date in the *configured* district time zone, not a hard-coded UTC+8.

use chrono::{DateTime, Datelike, Utc};
use diesel::backend::Backend;
use diesel::migration::MigrationSource;
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use hazard_infra::clock::Clock;
use hazard_tests::spawn_app;

/// The first migration that knows filing dates (the monthly sums).
const ROLLUP: &str = "20250701000000";

/// Reverts migrations (their `down.sql`) until the database is as it was before [`ROLLUP`].
fn revert_to_before_rollup<DB: Backend>(conn: &mut impl MigrationHarness<DB>, dir: &str)
where
    FileBasedMigrations: MigrationSource<DB>,
{
    loop {
        let applied = conn.applied_migrations().expect("applied migrations");
        let last = applied.iter().map(ToString::to_string).max().expect("migrated");
        if last.as_str() < ROLLUP {
            return;
        }
        conn.revert_last_migration(FileBasedMigrations::from_path(dir).expect("migrations")).expect("revert");
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

#[tokio::test]
async fn an_upgrade_files_existing_hazards_in_the_configured_zone() {
    let app = spawn_app().await;
    let (ins, _) = app.account("inspector", None).await;
    let (sup, _) = app.account("supervisor", None).await;
    // Next year (never in the past, so tokens stay valid), at instants where UTC+8 and
    // New York (UTC-5 in winter) disagree about the day, or the month.
    let y = app.clock.now().year() + 1;
    for t in [
        format!("{y}-01-15T02:00:00Z"), // New York: 14 Jan 21:00; Shanghai: 15 Jan
        format!("{y}-01-15T14:00:00Z"), // both 15 Jan
        format!("{y}-01-31T20:00:00Z"), // New York: 31 Jan 15:00; Shanghai: 1 Feb
    ] {
        app.clock.pin(at(&t));
        app.hazard(&ins, "huayanglu").await;
    }
    // The database as it was before the monthly sums.
    let url = app.database_url();
    let backend = app.backend;
    tokio::task::spawn_blocking(move || {
        let dir = |b: &str| format!("{}/../infra/migrations/{b}", env!("CARGO_MANIFEST_DIR"));
        match url.strip_prefix("sqlite://") {
            Some(path) => revert_to_before_rollup(&mut SqliteConnection::establish(path).unwrap(), &dir("sqlite")),
            None => revert_to_before_rollup(&mut PgConnection::establish(&url).unwrap(), &dir("postgres")),
        }
    })
    .await
    .unwrap();

    // A server configured for New York upgrades it.
    let ny = app.spawn_sharing(|s| s.timezone = chrono_tz::America::New_York).await;
    ny.clock.pin(at(&format!("{y}-02-15T12:00:00Z")));
    let found = |from: String, to: String| {
        let (ny, sup) = (&ny, &sup);
        async move {
            let k = ny.get(&format!("/v1/stats/kpis?from={from}&to={to}"), sup).await.expect(200).body;
            k["found"]["total"].as_i64().unwrap()
        }
    };
    let (jan, feb) = ((format!("{y}-01-01"), format!("{y}-01-31")), (format!("{y}-02-01"), format!("{y}-02-28")));
    assert_eq!(found(format!("{y}-01-14"), format!("{y}-01-14")).await, 1, "{backend}: 14 Jan in New York");
    assert_eq!(found(format!("{y}-01-15"), format!("{y}-01-15")).await, 1, "{backend}: 15 Jan in New York");
    assert_eq!(found(format!("{y}-01-31"), format!("{y}-01-31")).await, 1, "{backend}: 31 Jan in New York");
    assert_eq!(found(jan.0, jan.1).await, 3, "{backend}: January, read from the monthly sums");
    assert_eq!(found(feb.0, feb.1).await, 0, "{backend}: February, read from the monthly sums");
}
