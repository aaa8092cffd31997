//! `hazard-api`: serve, print the OpenAPI document, load demo data, rebuild the
//! key-figure sums, or back up an SQLite database.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use hazard_api::{Application, Settings};
use hazard_infra::clock::{Clock, SystemClock};

/// jemalloc rather than glibc's malloc: a page of hazards allocates and frees thousands of
/// small strings on one thread and the response buffer on another, which cost the glibc
/// allocator a sixth of the server's time (docs/benchmarks.md, issue 13).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(name = "hazard-api", version, about = "District workplace-safety hazard API (安全隐患排查治理)")]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    /// Load the demo data set (accounts for each role, enterprises, a few hundred hazards) before serving.
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Print the OpenAPI document (what `openapi/openapi.json` holds).
    Openapi,
    /// Migrate, seed, load `--hazards` demo hazards, and exit (for benchmarks).
    SeedDemo {
        /// How many hazards to add.
        #[arg(long, default_value_t = 300)]
        hazards: usize,
    },
    /// Migrate, then recompute each hazard's filing date in the configured time zone and the
    /// key-figure sums (`hazard_month_stats`) from the hazards, and exit: after loading
    /// hazards straight into the database, after changing `HAZARD_TIMEZONE`, or to repair.
    RebuildStats,
    /// Write a consistent copy of the SQLite database to FILE while the server may keep
    /// running (SQLite's `VACUUM INTO`); PostgreSQL is backed up with `pg_dump`.
    Backup {
        /// Where to write the copy (must not exist yet).
        file: std::path::PathBuf,
    },
}

fn backup(settings: &Settings, file: &std::path::Path) -> Result<(), String> {
    let pool = hazard_infra::db::connect(&settings.database_url, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    hazard_infra::db::backup_sqlite(&mut conn, file).map_err(|e| e.to_string())?;
    println!("database copied to {} in {:.2} s", file.display(), started.elapsed().as_secs_f64());
    Ok(())
}

fn rebuild_stats(settings: &Settings) -> Result<(), String> {
    let (pool, _) = hazard_api::startup::prepare(settings, &SystemClock).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let refiled = hazard_infra::db::post_migrate::refile(&mut conn, settings.timezone).map_err(|e| e.to_string())?;
    let rows = hazard_infra::repo::month_stats::rebuild(&mut conn).map_err(|e| e.to_string())?;
    hazard_infra::db::analyze(&mut conn, hazard_infra::db::STATS_TABLES).map_err(|e| e.to_string())?;
    tracing::info!(refiled, rows, elapsed_ms = started.elapsed().as_millis() as u64, "key-figure sums rebuilt");
    println!("hazard_month_stats rebuilt: {rows} rows in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn load_demo(settings: &Settings, hazards: usize) -> Result<(), String> {
    let clock = SystemClock;
    let (pool, _) = hazard_api::startup::prepare(settings, &clock).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    hazard_infra::demo::load(&mut conn, hazards, clock.now().naive_utc(), settings.timezone)
        .map_err(|e| e.to_string())?;
    tracing::info!(hazards, password = hazard_infra::demo::DEMO_PASSWORD, "demo data loaded");
    Ok(())
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    hazard_api::telemetry::init(cli.settings.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            print!("{}", hazard_api::docs::openapi_json());
            Ok(())
        }
        Command::SeedDemo { hazards } => load_demo(&cli.settings, hazards),
        Command::RebuildStats => rebuild_stats(&cli.settings),
        Command::Backup { file } => backup(&cli.settings, &file),
        Command::Serve => {
            let demo = if cli.demo { load_demo(&cli.settings, 300) } else { Ok(()) };
            match demo {
                Err(e) => Err(e),
                Ok(()) => match Application::build(cli.settings, Arc::new(SystemClock)).await {
                    Ok(app) => app.run_until_stopped().await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                },
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "hazard-api stopped");
            eprintln!("hazard-api: {e}");
            ExitCode::FAILURE
        }
    }
}
