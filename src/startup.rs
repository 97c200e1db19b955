//! Building and running the server.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

use crate::api;
use crate::api::http::extract::BodyReadTimeout;
use crate::api::http::fallback::{docs_redirect, not_found, RouteTable};
use crate::api::http::guard::IntakeGuard;
use crate::api::http::headers::access_log;
use crate::api::http::layers::api_layers;
use crate::api::http::openapi_document::{serve_openapi, OpenApiDocument};
use crate::api::metrics::ScrapeToken;
use crate::clock::Clock;
use crate::config::{Config, DatabaseUrl, GuardConfig, MapConfig};
use crate::db::{self, DbPool};
use crate::directory::entry::RenderBudget;
use crate::directory::Directory;
use crate::domain::changefeed::ChangeCursor;
use crate::domain::network::AllowedNetworks;
use crate::jobs::webhook_delivery::{self, Deliverer};
use crate::jobs::{checkpoint, escalation, housekeeping, outlet_search, replica_sync};
use crate::sealing::Sealer;
use crate::seed;
use crate::site::{self, map::TileSource};
use crate::state::AppState;

/// Opens the database, applies migrations and, when `seed_if_empty`, loads the
/// reference data into an empty database.
pub fn prepare_database(config: &Config, seed_if_empty: bool) -> anyhow::Result<DbPool> {
    let pool = db::connect_pool(&config.database_url, config.pool_size)?;
    let mut conn = pool
        .get()
        .with_context(|| format!("connecting to {}", config.database_url))?;
    db::run_migrations(&mut conn)?;
    if seed_if_empty && seed::is_empty(&mut conn)? {
        let report = seed::run(&mut conn)?;
        tracing::info!(
            regions = report.regions,
            outlets = report.outlets,
            "seeded an empty database"
        );
    }
    Ok(pool)
}

/// A server bound and ready to run.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Prepares the database, loads the directory into memory and binds the listener.
    pub fn build(config: &Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Clock::system())
    }

    /// [`Application::build`] with a clock of the caller's (tests move it).
    pub fn build_with_clock(config: &Config, clock: Clock) -> anyhow::Result<Self> {
        let pool = prepare_database(config, config.seed_empty_database)?;
        // Read the change log's end first: changes committed while the directory
        // loads are then replayed by the sync loop rather than missed. The
        // cursor starts a little before it, because on PostgreSQL a lower
        // number may still be in flight; replaying a change is harmless.
        let last_change = db::changes::last_seq(&mut *pool.get()?)?.saturating_sub(100);
        let listener =
            TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let writer = match &config.database_url {
            DatabaseUrl::Sqlite(_) => db::connect_pool(&config.database_url, 1)?,
            DatabaseUrl::Postgres(_) => pool.clone(),
        };
        let secrets = secret_key(config)?;
        let mut state =
            AppState::new(pool, writer, Directory::default(), (clock, secrets.clone()))?;
        state.programmes = config.programmes;
        state.evaluation = config.evaluation.weights;
        let shared_limits = matches!(config.database_url, DatabaseUrl::Postgres(_));
        let guard = web::Data::new(IntakeGuard::new(&config.guard, shared_limits));
        let idle = guard.clone();
        if let DatabaseUrl::Sqlite(path) = &config.database_url {
            checkpoint::spawn(path)?;
        }
        housekeeping::spawn(state.clone(), config.retention.clone(), move || {
            idle.forget_idle()
        });
        let deliverer = match config.webhooks.worker {
            true => Some(Deliverer::new(config.webhooks.clone(), secrets)?),
            false => None,
        };
        // The listener answers /health, /ready and /metrics at once; the API
        // answers 503 until the directory is in memory.
        tokio::spawn(load_then_start(
            state.clone(),
            (
                last_change,
                deliverer,
                RenderBudget(config.render_cache_outlets),
            ),
            Duration::from_millis(config.sweep_every_ms),
            Duration::from_millis(config.sync_poll_ms),
        ));
        let targets = AllowedNetworks::parse(&config.webhooks.allowed_networks);
        let scrape = web::Data::new(ScrapeToken(config.metrics_token.clone()));
        let data = (guard, web::Data::new(targets), scrape);
        let server = run(listener, state, data, (&config.guard, &config.map))?;
        Ok(Self { port, server })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Loads the directory, puts it in place, then starts the jobs that need it
/// (the overdue sweep, replica sync, webhook delivery). A directory that
/// cannot be loaded ends the process: a replica without it must not serve.
async fn load_then_start(
    state: AppState,
    (last_change, deliverer, render_budget): (i64, Option<Deliverer>, RenderBudget),
    sweep_every: Duration,
    sync_every: Duration,
) {
    let pool = state.pool.clone();
    let started = std::time::Instant::now();
    let loaded = tokio::task::spawn_blocking(move || Directory::load_in_parallel(&pool)).await;
    let mut directory = match loaded {
        Ok(Ok(directory)) => directory,
        Ok(Err(e)) => fatal(&e),
        Err(e) => fatal(&anyhow::Error::from(e)),
    };
    tracing::info!(
        regions = directory.regions.len(),
        outlets = directory.outlets.len(),
        ms = started.elapsed().as_millis() as u64,
        "directory loaded"
    );
    directory.render_budget = render_budget;
    state.install_directory(directory);
    outlet_search::spawn(state.clone());
    escalation::spawn(state.clone(), sweep_every);
    replica_sync::spawn_sync(state.clone(), ChangeCursor::after(last_change), sync_every);
    if let Some(deliverer) = deliverer {
        webhook_delivery::spawn_worker(state, deliverer);
    }
}

fn fatal(e: &anyhow::Error) -> ! {
    tracing::error!(error = %e, "loading the directory failed; stopping");
    eprintln!("loading the directory failed: {e:#}");
    std::process::exit(1)
}

/// CORS for the configured app origins.
fn cors(origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::{header, Method};
    let mut cors = actix_cors::Cors::default()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
        ])
        .allowed_header("Idempotency-Key")
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
        .expose_headers(["Idempotent-Replayed"])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

fn run(
    listener: TcpListener,
    state: AppState,
    (guard, targets, scrape): (
        web::Data<IntakeGuard>,
        web::Data<AllowedNetworks>,
        web::Data<ScrapeToken>,
    ),
    (limits, map_config): (&GuardConfig, &MapConfig),
) -> anyhow::Result<Server> {
    let cors_origins = limits.cors_origins.clone();
    let map = web::Data::new(map_config.clone());
    let tiles = web::Data::new(TileSource::new(map_config)?);
    let body_timeout = web::Data::new(BodyReadTimeout(Duration::from_secs(
        limits.body_read_timeout_secs,
    )));
    let spec = api::openapi();
    let routes = RouteTable::from_openapi(&spec);
    let document = web::Data::new(OpenApiDocument::new(&spec)?);
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            // The routes only: the document each worker's app gathers while
            // configured is dropped by `into_app`.
            .into_utoipa_app()
            .app_data(state.clone())
            .app_data(guard.clone())
            .app_data(targets.clone())
            .app_data(scrape.clone())
            .app_data(body_timeout.clone())
            .app_data(map.clone())
            .app_data(tiles.clone())
            .app_data(web::Data::new(routes.clone()))
            .configure(api::configure)
            .into_app()
            .configure(site::configure)
            .route("/docs", web::get().to(docs_redirect))
            .app_data(document.clone())
            .route("/openapi.json", web::get().to(serve_openapi))
            .service(SwaggerUi::new("/docs/{_:.*}").config(SwaggerConfig::from("/openapi.json")))
            .default_service(web::to(not_found))
            .wrap(from_fn(api_layers))
            .wrap(Condition::new(
                !cors_origins.is_empty(),
                cors(&cors_origins),
            ))
            .wrap(from_fn(access_log))
    })
    .listen(listener)?
    .shutdown_timeout(30)
    .run();
    Ok(server)
}

/// The key sealing secrets at rest: configured, or on SQLite a key file
/// beside the database, made on first start (mode 0600).
fn secret_key(config: &Config) -> anyhow::Result<Sealer> {
    if let Some(hex) = &config.secret_key {
        return Sealer::from_hex(hex).context("IPR_SECRET_KEY must be 64 hex digits (256 bits)");
    }
    let DatabaseUrl::Sqlite(path) = &config.database_url else {
        anyhow::bail!(
            "IPR_SECRET_KEY is required on PostgreSQL (64 hex digits, the same on every \
             replica; e.g. `openssl rand -hex 32`): it seals webhook secrets at rest"
        );
    };
    let file = path.with_extension("key");
    if !file.exists() {
        let key = hex::encode(rand::random::<[u8; 32]>());
        write_private(&file, &key).with_context(|| format!("creating {}", file.display()))?;
        tracing::info!(file = %file.display(), "made the key that seals secrets at rest; back it up with the database");
    }
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    Sealer::from_hex(&text).with_context(|| format!("{} must hold 64 hex digits", file.display()))
}

/// Writes a new file readable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}
