//! Test harness: the real server on port 0 with its own database (here),
//! the binary as a process, a webhook receiver, and shared fixtures.

pub mod fixtures;
pub mod process;
pub mod receiver;

use diesel::{Connection, PgConnection, RunQueryDsl};
use ipr_service::clock::Clock;
use ipr_service::config::{Config, DatabaseUrl, GuardConfig, WebhookConfig};
use ipr_service::db;
use ipr_service::domain::vocab::Role;
use ipr_service::keys::{generate_key, KeySpec};
use ipr_service::startup::{prepare_database, Application};
use serde_json::Value;

/// Where a test's data lives; removed when the test ends.
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { base_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { base_url, name } = self {
            if let Ok(mut conn) = PgConnection::establish(base_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        }
    }
}

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub admin_key: String,
    pub operator_key: String,
    /// The server's clock: starts at [`TEST_START`], tests may move it.
    pub clock: Clock,
    config: Config,
    _db: TestDb,
}

/// Where the test server's clock starts: a Friday in the published 2026
/// calendar, so tests written with dates in October and November keep their
/// meaning whatever day they run.
pub const TEST_START: &str = "2026-11-20T12:00:00+08:00";

/// SQLite by default; PostgreSQL (one new database per test) when
/// `TEST_POSTGRES_URL` is set, so the same suite runs on both backends.
pub fn test_database() -> (DatabaseUrl, TestDb) {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(base_url) if !base_url.is_empty() => postgres_database(""),
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = DatabaseUrl::Sqlite(dir.path().join("ipr.db"));
            (url, TestDb::Sqlite(dir))
        }
    }
}

/// A fresh migrated database (nothing seeded) and one connection to it, for
/// tests below the HTTP API; the database goes when [`TestDb`] is dropped.
pub fn migrated_connection() -> (db::DbPool, TestDb) {
    let (url, test_db) = test_database();
    let pool = db::connect_pool(&url, 1).unwrap();
    db::run_migrations(&mut pool.get().unwrap()).unwrap();
    (pool, test_db)
}

/// A test database copied from one migrated (and seeded) once per test
/// process: preparing a database takes longer than copying one, and every
/// test of the suite starts from the same state anyway.
fn prepared_database(seeded: bool) -> (DatabaseUrl, TestDb) {
    static TEMPLATES: [std::sync::OnceLock<Template>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let template = TEMPLATES[usize::from(seeded)].get_or_init(|| Template::make(seeded));
    match template {
        Template::Sqlite(file, _) => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("ipr.db");
            std::fs::copy(file, &path).expect("copy the template database");
            let access = ipr_service::db::pool::access_log_file;
            std::fs::copy(access(file), access(&path)).expect("copy the template's access log");
            assert!(
                !file.with_extension("db-wal").exists(),
                "the template's WAL was folded in"
            );
            (DatabaseUrl::Sqlite(path), TestDb::Sqlite(dir))
        }
        Template::Postgres(template) => postgres_database(&format!("TEMPLATE \"{template}\"")),
    }
}

/// A prepared database to copy: a SQLite file, or a PostgreSQL database.
enum Template {
    Sqlite(std::path::PathBuf, #[allow(dead_code)] TestDb),
    Postgres(String),
}

impl Template {
    fn make(seeded: bool) -> Self {
        let (url, db) = test_database();
        let config = test_config(url, seeded);
        // Dropping the pool closes its connections: SQLite folds its WAL into
        // the file, and PostgreSQL allows the database as a template.
        drop(prepare_database(&config, seeded).expect("template prepared"));
        let template = match &db {
            TestDb::Sqlite(dir) => return Template::Sqlite(dir.path().join("ipr.db"), db),
            TestDb::Postgres { base_url, name } => {
                drop_stale_templates(base_url);
                let template = format!("ipr_tpl_{}_{}", std::process::id(), u8::from(seeded));
                let mut conn = PgConnection::establish(base_url).unwrap();
                diesel::sql_query(format!(
                    "ALTER DATABASE \"{name}\" RENAME TO \"{template}\""
                ))
                .execute(&mut conn)
                .expect("rename the template");
                template
            }
        };
        // The template is no test's: it outlives this process's tests.
        std::mem::forget(db);
        Template::Postgres(template)
    }
}

/// Drops the templates of test processes that are no longer running.
fn drop_stale_templates(base_url: &str) {
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let mut conn = PgConnection::establish(base_url).unwrap();
    let names: Vec<Name> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'ipr_tpl_%'")
            .load(&mut conn)
            .unwrap();
    for Name { datname } in names {
        let pid = datname.split('_').nth(2).unwrap_or_default();
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
            ))
            .execute(&mut conn);
        }
    }
}

/// A new PostgreSQL database under `TEST_POSTGRES_URL`, created with `options`.
fn postgres_database(options: &str) -> (DatabaseUrl, TestDb) {
    let base_url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL");
    let name = format!("ipr_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::establish(&base_url).expect("TEST_POSTGRES_URL reachable");
    diesel::sql_query(format!("CREATE DATABASE \"{name}\" {options}"))
        .execute(&mut conn)
        .expect("create test database");
    let (prefix, _) = base_url.rsplit_once('/').expect("URL ends in /database");
    let url = format!("{prefix}/{name}").parse().unwrap();
    (url, TestDb::Postgres { base_url, name })
}

/// Waits until a server answers `/ready` with 200 (its directory is loaded).
pub async fn wait_ready(address: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let ready = reqwest::get(format!("{address}/ready")).await;
        if ready.is_ok_and(|r| r.status() == 200) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{address} did not become ready"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Starts the application on a fresh, seeded database, with intake limits
/// high enough not to get in the way.
pub async fn spawn_app() -> TestApp {
    spawn_app_configured(|_| {}).await
}

/// Starts the application with these abuse limits.
pub async fn spawn_app_with(guard: GuardConfig) -> TestApp {
    spawn_app_configured(|c| c.guard = guard).await
}

/// Starts the application with the test configuration changed by `adjust`.
/// Webhooks are retried quickly (from 100 ms, up to 1 s apart, 50 attempts).
pub async fn spawn_app_configured(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn(adjust, true).await
}

/// Starts the application on an empty database: migrated, nothing seeded.
pub async fn spawn_empty_app() -> TestApp {
    spawn(|_| {}, false).await
}

/// The configuration of a test server on `database_url`.
fn test_config(database_url: DatabaseUrl, seeded: bool) -> Config {
    Config {
        database_url,
        bind: "127.0.0.1:0".into(),
        pool_size: 4,
        guard: GuardConfig {
            intake_per_ip_per_minute: 100_000,
            intake_per_phone_per_hour: 100_000,
            ..Default::default()
        },
        webhooks: WebhookConfig {
            timeout_secs: 2,
            max_attempts: 50,
            retry_base_ms: 100,
            retry_max_secs: 1,
            poll_ms: 50,
            // The test receivers listen on loopback.
            allowed_networks: vec!["127.0.0.0/8".into()],
            ..Default::default()
        },
        sync_poll_ms: 100,
        // No sweep within a test unless it asks for one (escalation tests).
        sweep_every_ms: 3_600_000,
        retention: Default::default(),
        secret_key: Some("0123456789abcdef".repeat(4)),
        seed_empty_database: seeded,
        metrics_token: None,
        programmes: Default::default(),
        evaluation: Default::default(),
        map: Default::default(),
        render_cache_outlets: ipr_service::config::DEFAULT_RENDER_CACHE_OUTLETS,
    }
}

async fn spawn(adjust: impl FnOnce(&mut Config), seeded: bool) -> TestApp {
    let (database_url, db) = prepared_database(seeded);
    let mut config = test_config(database_url, seeded);
    adjust(&mut config);
    let pool = prepare_database(&config, seeded).expect("database prepared");
    let mut keys = Vec::new();
    for role in [Role::Admin, Role::Operator] {
        let key = generate_key(KeySpec::new(role, None, Some("test".into())));
        db::api_keys::insert(&mut pool.get().unwrap(), &key.row).unwrap();
        keys.push(key.secret);
    }
    drop(pool);
    let clock = Clock::starting_at(TEST_START.parse().unwrap());
    let app = Application::build_with_clock(&config, clock.clone()).expect("application built");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    wait_ready(&address).await;
    let operator_key = keys.pop().unwrap();
    let admin_key = keys.pop().unwrap();
    TestApp {
        address,
        client: reqwest::Client::new(),
        admin_key,
        operator_key,
        clock,
        config,
        _db: db,
    }
}

impl TestApp {
    /// A new key of `role`, scoped to `outlet` for outlet staff.
    pub fn key(&self, role: Role, outlet: Option<&str>) -> String {
        let pool = db::connect_pool(&self.config.database_url, 1).unwrap();
        let key = generate_key(KeySpec::new(
            role,
            outlet.map(str::to_owned),
            Some("test".into()),
        ));
        db::api_keys::insert(&mut pool.get().unwrap(), &key.row).unwrap();
        key.secret
    }

    /// A commissioner's or envoy's key, belonging to `person_id`.
    pub fn person_key(&self, role: Role, person_id: &str) -> String {
        let pool = db::connect_pool(&self.config.database_url, 1).unwrap();
        let mut spec = KeySpec::new(role, None, Some("test".into()));
        spec.person_id = Some(person_id.into());
        let key = generate_key(spec);
        db::api_keys::insert(&mut pool.get().unwrap(), &key.row).unwrap();
        key.secret
    }

    /// The outlet a ticket was escalated to, waiting up to 5 s for the
    /// background sweep (`None` if it did not happen by then).
    pub async fn escalated_to(&self, ticket_id: &str) -> Option<String> {
        let pool = self.pool();
        for _ in 0..50 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let ticket = db::tickets::find(&mut pool.get().unwrap(), ticket_id)
                .unwrap()
                .expect("the ticket exists");
            if ticket.escalated_to.is_some() {
                return ticket.escalated_to;
            }
        }
        None
    }

    /// The app's database URL, as the CLI takes it.
    pub fn database_url(&self) -> String {
        process::url_string(&self.config.database_url)
    }

    /// A connection pool to the app's database.
    pub fn pool(&self) -> db::DbPool {
        db::connect_pool(&self.config.database_url, 1).unwrap()
    }

    /// Starts another replica on the same database; returns its address.
    pub async fn replica(&self) -> String {
        let address = self.replica_starting();
        wait_ready(&address).await;
        address
    }

    /// Starts another replica and returns its address at once, before it is ready.
    pub fn replica_starting(&self) -> String {
        let app =
            Application::build_with_clock(&self.config, self.clock.clone()).expect("replica built");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// The id of the seeded outlet with this exact name.
    pub async fn outlet_id(&self, name: &str) -> String {
        let (_, body) = self
            .get(&format!("/api/v1/outlets?q={name}&limit=100"))
            .await;
        let found = items(&body)
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no outlet {name}"));
        found["id"].as_str().unwrap().to_owned()
    }

    /// Moves the server's clock to an RFC 3339 time.
    pub fn set_time(&self, rfc3339: &str) {
        self.clock.set(rfc3339.parse().expect("an RFC 3339 time"));
    }

    /// The id of the ticket with this tracking number (an operator's search).
    pub async fn ticket_id(&self, tracking: &str) -> String {
        let (_, body) = self
            .get_as(&format!("/api/v1/tickets?q={tracking}"), &self.operator_key)
            .await;
        let found = items(&body)
            .iter()
            .find(|t| t["tracking_number"] == tracking)
            .unwrap_or_else(|| panic!("no ticket {tracking}: {body}"));
        found["id"].as_str().unwrap().to_owned()
    }

    /// Takes an action on a ticket with a key, sending the ETag just read as `If-Match`.
    pub async fn act(&self, ticket_id: &str, key: &str, body: Value) -> (u16, Value) {
        let etag = self
            .etag(&format!("/api/v1/tickets/{ticket_id}"), key)
            .await;
        let path = format!("/api/v1/tickets/{ticket_id}/actions");
        self.send_if_match(reqwest::Method::POST, &path, key, &body, etag.as_deref())
            .await
    }

    /// The ETag of a resource (read with the key), if it exists.
    pub async fn etag(&self, path: &str, key: &str) -> Option<String> {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        res.headers()
            .get("etag")
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// Sends JSON with a key and an optional `If-Match`.
    pub async fn send_if_match(
        &self,
        method: reqwest::Method,
        path: &str,
        key: &str,
        body: &Value,
        if_match: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(key)
            .json(body);
        if let Some(tag) = if_match {
            req = req.header("If-Match", tag);
        }
        let res = req.send().await.unwrap();
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }

    /// GET with a key, returning status and JSON body.
    pub async fn get_as(&self, path: &str, key: &str) -> (u16, Value) {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }

    /// GET a path, returning status and JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }

    /// Sends JSON with a key, returning status and JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
        body: &Value,
    ) -> (u16, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address))
            .json(body);
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        let res = req.send().await.unwrap();
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }
}

pub use fixtures::{items, names};
