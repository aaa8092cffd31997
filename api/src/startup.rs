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
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::error::ApiError;
use crate::state::AppState;

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
    std::fs::create_dir_all(&settings.data_dir)?;
    let pool = db::connect(&settings.database_url, settings.db_pool_size)?;
    let mut conn = pool.get().map_err(hazard_infra::InfraError::from)?;
    if let Some(refiled) = db::post_migrate::run(&mut conn, settings.timezone)? {
        tracing::info!(refiled, "filed existing hazards in the district time zone; key-figure sums rebuilt");
    }
    let added = seed::reference_data(&mut conn)?;
    if added > 0 {
        tracing::info!(added, "seeded reference data");
    }
    match seed::admin(&mut conn, settings.admin_password.as_deref(), clock.now().naive_utc())? {
        AdminSeed::Generated(pw) => tracing::warn!(
            username = "admin",
            password = %pw,
            "created the first administrator with a generated password; it is shown only this once"
        ),
        AdminSeed::Created => tracing::info!(username = "admin", "created the first administrator"),
        AdminSeed::Existing => {}
    }
    let secret = match &settings.jwt_secret {
        Some(s) => s.clone(),
        None => settings::get_or_insert(&mut conn, "jwt_secret", &secrets::random_token(48))?,
    };
    Ok((pool, secret.into_bytes()))
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

impl Application {
    /// Prepares everything and binds the listener (port 0 picks a free port).
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let s = settings.clone();
        let c = clock.clone();
        let (pool, secret) = tokio::task::spawn_blocking(move || prepare(&s, c.as_ref()))
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))??;
        let jwt = JwtKeys::new(&secret).map_err(|e| std::io::Error::other(format!("JWT secret: {e}")))?;
        let blobs = Arc::new(hazard_infra::storage::LocalBlobStore::new(settings.data_dir.join("photos")));
        let state = AppState {
            pool,
            jwt: Arc::new(jwt),
            clock,
            settings: Arc::new(settings),
            blobs,
            rate_limits: Arc::new(crate::ratelimit::RateLimiter::default()),
        };
        let listener = TcpListener::bind(&state.settings.bind)?;
        let port = listener.local_addr()?.port();
        let doc = crate::docs::openapi();
        let data = web::Data::new(state.clone());
        let routes = web::Data::new(crate::method_guard::RouteTable::from_doc(&doc));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(routes.clone())
                .wrap(from_fn(crate::idempotency::middleware))
                .wrap(from_fn(crate::auth::client::middleware))
                .wrap(from_fn(crate::input_guard::middleware))
                .wrap(Compress::default())
                .wrap(from_fn(crate::request_id::middleware))
                .into_utoipa_app()
                .configure(crate::routes::configure)
                .into_app()
                .service(SwaggerUi::new("/docs/{_:.*}").external_url_unchecked("/openapi.json", doc.clone()))
                .service(web::redirect("/docs", "/docs/"))
                .default_service(web::to(not_found))
        })
        .shutdown_timeout(30)
        .listen(listener)?;
        if let Some(w) = state.settings.workers {
            server = server.workers(w);
        }
        let server = server.run();
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
