//! Building and running the server: pool, migrations, seeding, keys, routes.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpRequest, HttpServer};
use hazard_infra::clock::Clock;
use hazard_infra::repo::settings;
use hazard_infra::seed::{self, AdminSeed};
use hazard_infra::{db, secrets, Pool};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::error::ApiError;
use crate::state::AppState;

/// Shortest accepted `HAZARD_JWT_SECRET`, in bytes.
pub const MIN_JWT_SECRET: usize = 32;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

/// Failures that stop start-up, with a message for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Database or configuration problem.
    #[error(transparent)]
    Infra(#[from] hazard_infra::InfraError),
    /// Cannot bind or start.
    #[error("cannot start the HTTP server: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database, migrates, seeds reference data and the first admin, and settles
/// the JWT secret. Blocking: call it off the async runtime.
pub fn prepare(settings: &Settings, clock: &dyn Clock) -> Result<(Pool, Vec<u8>), StartupError> {
    // An HS256 key shorter than its 32-byte hash can be guessed offline from one token.
    if settings.jwt_secret.as_ref().is_some_and(|s| s.len() < MIN_JWT_SECRET) {
        return Err(hazard_infra::InfraError::Config(format!(
            "HAZARD_JWT_SECRET must be at least {MIN_JWT_SECRET} bytes (e.g. `openssl rand -base64 48`)"
        ))
        .into());
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let pool = db::connect_with(&settings.database_url, &settings.limits.db_options(settings.db_pool_size))?;
    let mut conn = pool.get().map_err(hazard_infra::InfraError::from)?;
    // Replicas starting together on an empty (or just migrated) database would race to
    // re-file hazards and insert the same reference rows and administrator: do it under
    // the same lock as the migrations.
    let secret = db::exclusively(&mut conn, |conn| settle(settings, clock, conn))?;
    Ok((pool, secret.into_bytes()))
}

/// What start-up does to the database after migrating, once per database.
fn settle(
    settings: &Settings,
    clock: &dyn Clock,
    conn: &mut hazard_infra::DbConnection,
) -> Result<String, hazard_infra::InfraError> {
    if let Some(refiled) = db::post_migrate::run(conn, settings.timezone)? {
        tracing::info!(refiled, "filed existing hazards in the district time zone; key-figure sums rebuilt");
    }
    let added = seed::reference_data(conn)?;
    if added > 0 {
        tracing::info!(added, "seeded reference data");
    }
    match seed::admin(conn, settings.admin_password.as_deref(), clock.now().naive_utc())? {
        AdminSeed::Generated(pw) => tracing::warn!(
            username = "admin",
            password = %pw,
            "created the first administrator with a generated password; it is shown only this once"
        ),
        AdminSeed::Created => tracing::info!(username = "admin", "created the first administrator"),
        AdminSeed::Existing => {}
    }
    match &settings.jwt_secret {
        Some(s) => Ok(s.clone()),
        None => settings::get_or_insert(conn, "jwt_secret", &secrets::random_token(48)),
    }
}

async fn not_found(
    req: HttpRequest,
    routes: web::Data<crate::method_guard::RouteTable>,
) -> Result<actix_web::HttpResponse, ApiError> {
    if let Some(res) = crate::method_guard::method_not_allowed(&routes, &req) {
        return Ok(res);
    }
    Err(ApiError::NotFound(format!("no route for {} {}", req.method(), req.path())))
}

/// Two HTTP workers per core: a worker blocked on a short read (`worker_read`) leaves its
/// core idle unless another worker can use it (2 → 4 workers on two cores: +12–20 % list
/// throughput, `docs/benchmarks.md`, issue 13, fifth pass).
fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).saturating_mul(2)
}

impl Application {
    /// Prepares everything and binds the listener (port 0 picks a free port).
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let s = settings.clone();
        let c = clock.clone();
        let (pool, secret) = tokio::task::spawn_blocking(move || prepare(&s, c.as_ref()))
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))??;
        let jwt = JwtKeys::new(&secret).map_err(|e| std::io::Error::other(format!("JWT secret: {e}")))?;
        hazard_infra::thumbnail::configure(settings.limits.thumbnail_concurrency);
        let photos_dir = settings.data_dir.join("photos");
        let blobs = hazard_infra::storage::from_url(settings.blob_url.as_deref(), &photos_dir, settings.s3())?;
        let rate_limits = crate::ratelimit::for_database(&pool, &settings.database_url);
        let recheck = std::time::Duration::from_secs(settings.session_recheck_secs);
        let sessions = Arc::new(crate::auth::session::SessionCache::new(recheck));
        let metrics = crate::metrics::Metrics::new().map_err(|e| std::io::Error::other(format!("metrics: {e}")))?;
        let state = AppState {
            pool,
            jwt: Arc::new(jwt),
            clock,
            settings: Arc::new(settings),
            blobs,
            rate_limits,
            sessions,
            metrics: Arc::new(metrics),
        };
        let listener = TcpListener::bind(&state.settings.bind)?;
        let port = listener.local_addr()?.port();
        let doc = crate::docs::openapi();
        let data = web::Data::new(state.clone());
        let routes = web::Data::new(crate::method_guard::RouteTable::from_doc(&doc));
        // Serialized once and shared: a copy of the document per worker cost megabytes each.
        let doc = web::Data::new(crate::docs::Served::new(&doc));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(routes.clone())
                .wrap(from_fn(crate::idempotency::middleware))
                .wrap(from_fn(crate::body_timeout::middleware))
                .wrap(from_fn(crate::auth::client::middleware))
                .wrap(from_fn(crate::disk::middleware))
                .wrap(from_fn(crate::input_guard::middleware))
                .wrap(from_fn(crate::console::error_pages::middleware))
                .wrap(Compress::default())
                .wrap(from_fn(crate::request_id::middleware))
                .wrap(from_fn(crate::headers::middleware))
                .configure(crate::routes::configure)
                .configure(crate::console::configure)
                .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::new([crate::docs::PATH])))
                .service(web::resource(crate::docs::PATH).app_data(doc.clone()).get(crate::docs::serve))
                .service(web::redirect("/docs", "/docs/"))
                .route("/metrics", web::get().to(crate::metrics::scrape))
                .default_service(web::to(not_found))
        })
        .shutdown_timeout(30)
        .client_request_timeout(std::time::Duration::from_millis(state.settings.limits.request_head_timeout_ms))
        .listen(listener)?;
        let server = server.workers(state.settings.workers.unwrap_or_else(default_workers)).run();
        crate::jobs::spawn(state.clone());
        crate::webhooks::worker::spawn(state.clone());
        tracing::info!(address = %state.settings.bind, port, "listening");
        Ok(Self { port, server, state })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use its pool and clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGINT/SIGTERM, then drains in-flight requests.
    pub async fn run_until_stopped(self) -> Result<(), std::io::Error> {
        self.server.await
    }
}
