//! Commands that write in bulk leave fresh planner statistics behind: `seed-demo` and
//! `rebuild-stats` (the real binary) analyze the tables they filled. A plan picked for
//! empty tables made the open-hazards list several times slower after a bulk load.
//! Runs on SQLite, or on PostgreSQL when `HAZARD_TEST_DATABASE_URL` names a server.

use std::process::Command;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn run(db_url: &str, dir: &std::path::Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_hazard-api"))
        .args(args)
        .env("HAZARD_DATABASE_URL", db_url)
        .env("HAZARD_DATA_DIR", dir.join("files"))
        .env("HAZARD_ADMIN_PASSWORD", "Admin-password-1")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the hazard-api binary runs");
    assert!(out.status.success(), "hazard-api {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Whether `table` has statistics from an explicit ANALYZE.
fn analyzed(conn: &mut hazard_infra::DbConnection, table: &str) -> bool {
    let sql = match conn {
        hazard_infra::DbConnection::Pg(_) => {
            "SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE relname = $1 AND last_analyze IS NOT NULL"
        }
        hazard_infra::DbConnection::Sqlite(_) => "SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = ?",
    };
    let c: Count = diesel::sql_query(sql).bind::<Text, _>(table).get_result(conn).expect("statistics query");
    c.n > 0
}

/// Drops what the last ANALYZE recorded.
fn forget(conn: &mut hazard_infra::DbConnection, tables: &[&str]) {
    for t in tables {
        let sql = match conn {
            hazard_infra::DbConnection::Pg(_) => format!("SELECT pg_stat_reset_single_table_counters('{t}'::regclass)"),
            hazard_infra::DbConnection::Sqlite(_) => format!("DELETE FROM sqlite_stat1 WHERE tbl = '{t}'"),
        };
        diesel::sql_query(sql).execute(conn).expect("reset statistics");
        assert!(!analyzed(conn, t), "{t}: statistics still there after the reset");
    }
}

#[test]
fn seed_demo_and_rebuild_stats_analyze_what_they_wrote() {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let dir = std::env::temp_dir().join(format!("hazard-stats-{id}"));
    std::fs::create_dir_all(&dir).unwrap();
    let pg = std::env::var("HAZARD_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"));
    let db_url = match &pg {
        Some(admin) => {
            let name = format!("hazard_stats_{id}");
            hazard_infra::db::create_postgres_database(admin, &name).unwrap();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        None => format!("sqlite://{}", dir.join("hazard.db").display()),
    };

    run(&db_url, &dir, &["seed-demo", "--hazards", "40"]);
    let pool = hazard_infra::db::connect(&db_url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    for table in ["hazards", "hazard_events", "hazard_changes", "hazard_month_stats"] {
        assert!(analyzed(&mut conn, table), "seed-demo left {table} without statistics");
    }

    forget(&mut conn, &["hazards", "hazard_month_stats"]);
    drop(conn);
    run(&db_url, &dir, &["rebuild-stats"]);
    let mut conn = pool.get().unwrap();
    for table in ["hazards", "hazard_month_stats"] {
        assert!(analyzed(&mut conn, table), "rebuild-stats left {table} without statistics");
    }

    drop(conn);
    drop(pool);
    if let Some(admin) = &pg {
        let _ = hazard_infra::db::drop_postgres_database(admin, &format!("hazard_stats_{id}"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
