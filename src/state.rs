//! Shared application state: the pools, the intake committer and the
//! in-memory directory, kept in step with every committed write.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;

use actix_web::web;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::config::ProgrammeConfig;
use crate::db::group_commit::GroupCommit;
use crate::db::{DbConn, DbPool};
use crate::directory::{Directory, SharedDirectory};
use crate::domain::evaluation::Weights;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::sealing::Sealer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Connections for writes: on SQLite a single one, so writers queue here
    /// instead of sleeping in SQLite's busy handler; on PostgreSQL the same pool.
    pub writer: DbPool,
    /// Short writes many requests make at once (ticket intake, personal-data
    /// access entries): concurrent ones share one commit.
    pub intake: GroupCommit,
    /// What "now" is: the system clock unless a test moved it.
    pub clock: Clock,
    /// Seals and opens webhook secrets at rest.
    pub secrets: Sealer,
    /// Prometheus metrics of this application.
    pub metrics: Arc<Metrics>,
    /// Settings of the programmes (the service cycle).
    pub programmes: ProgrammeConfig,
    /// The weights of the outlet evaluation.
    pub evaluation: Weights,
    directory: Arc<SharedDirectory>,
    loaded: Arc<std::sync::atomic::AtomicBool>,
    failed_authentications: Arc<AtomicU64>,
}

impl AppState {
    /// Wraps a pool and a directory (empty until [`AppState::install_directory`]),
    /// and starts the intake committer.
    pub fn new(
        pool: DbPool,
        writer: DbPool,
        directory: Directory,
        (clock, secrets): (Clock, Sealer),
    ) -> std::io::Result<Self> {
        Ok(Self {
            secrets,
            pool,
            intake: GroupCommit::start(writer.clone())?,
            writer,
            clock,
            directory: Arc::new(SharedDirectory::new(directory)),
            loaded: Arc::default(),
            failed_authentications: Arc::default(),
            metrics: Arc::default(),
            programmes: ProgrammeConfig::default(),
            evaluation: Weights::default(),
        })
    }

    /// Runs blocking database work on the blocking thread pool.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let (pool, metrics) = (self.pool.clone(), Arc::clone(&self.metrics));
        web::block(move || {
            let asked = Instant::now();
            let mut conn = pool.get()?;
            metrics.observe_pool_wait("read", asked.elapsed());
            f(&mut conn)
        })
        .await?
    }

    /// Runs blocking work that writes, on the writer connection(s).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let (pool, metrics) = (self.writer.clone(), Arc::clone(&self.metrics));
        web::block(move || {
            let asked = Instant::now();
            let mut conn = pool.get()?;
            metrics.observe_pool_wait("write", asked.elapsed());
            f(&mut conn)
        })
        .await?
    }

    /// Counts a failed authentication; the total since start.
    pub fn count_failed_authentication(&self) -> u64 {
        self.failed_authentications.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The current instant by this service's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in China (Asia/Shanghai) by this service's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::calendar::local_date(self.now())
    }

    /// The shared directory, for work that reads it while holding a connection.
    pub fn shared_directory(&self) -> &SharedDirectory {
        &self.directory
    }

    /// The shared directory, to move into work that runs elsewhere.
    pub fn directory_handle(&self) -> Arc<SharedDirectory> {
        Arc::clone(&self.directory)
    }

    /// Puts the directory loaded at start in place; from then on the API answers.
    pub fn install_directory(&self, directory: Directory) {
        *self.directory.write() = directory;
        self.loaded.store(true, Ordering::Release);
    }

    /// Whether the directory loaded at start is in place.
    pub fn is_loaded(&self) -> bool {
        self.loaded.load(Ordering::Acquire)
    }

    /// Reads the directory.
    pub fn directory(&self) -> RwLockReadGuard<'_, Directory> {
        self.directory.read()
    }

    /// Changes the directory.
    pub fn directory_mut(&self) -> RwLockWriteGuard<'_, Directory> {
        self.directory.write()
    }
}
