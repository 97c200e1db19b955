//! Connection pool: an r2d2 manager that opens the backend named by the URL,
//! with SQLite pragmas applied by a connection customizer.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

use super::DbConn;
use crate::config::DatabaseUrl;

/// The shared pool handed to handlers.
pub type DbPool = Pool<DbManager>;

/// Opens connections for one database URL.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: DatabaseUrl,
}

/// Error of opening or checking a connection.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The database could not be reached or opened.
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    /// A statement on a fresh connection failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = PoolError;

    fn connect(&self) -> Result<DbConn, PoolError> {
        Ok(match &self.url {
            DatabaseUrl::Sqlite(path) => {
                DbConn::Sqlite(SqliteConnection::establish(&path.to_string_lossy())?)
            }
            DatabaseUrl::Postgres(url) => DbConn::Postgresql(PgConnection::establish(url)?),
        })
    }

    /// Checked on every checkout. A SQLite connection is set back to
    /// flushing every commit, whatever a group commit of access-log entries
    /// (`synchronous = NORMAL` for one batch) left it at. A PostgreSQL one
    /// is checked by [`server_has_not_closed`], not by a query.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), PoolError> {
        match conn {
            DbConn::Sqlite(c) => Ok(c.batch_execute("PRAGMA synchronous = FULL")?),
            DbConn::Postgresql(c) => Ok(server_has_not_closed(c)?),
        }
    }

    /// A connection still inside a transaction (its work panicked) is dropped,
    /// which rolls the transaction back, rather than handed out again.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        use diesel::connection::TransactionManager;
        type Manager = <DbConn as Connection>::TransactionManager;
        !matches!(
            Manager::transaction_manager_status_mut(conn).transaction_depth(),
            Ok(None)
        )
    }
}

/// Whether the server has not closed `conn`: reads, without waiting, what
/// it sent since the last query. A server that shut down or ended the
/// session sent its reason and closed the socket; the first read takes the
/// reason, the second finds the end (with one read, the pool's test got the
/// closed connection back in four runs of four). No query, so no round
/// trip: `SELECT 1` on each checkout was three of an operator's eleven
/// round trips per queue page. A network that drops the connection without
/// a word is found by the first query on it, as it was by `SELECT 1`.
fn server_has_not_closed(conn: &mut PgConnection) -> diesel::QueryResult<()> {
    for _ in 0..2 {
        // Nothing listens, so the only item can be the error of a closed
        // connection.
        if let Some(Err(e)) = conn.notifications_iter().next() {
            return Err(e);
        }
    }
    Ok(())
}

/// Bytes of the SQLite file each connection maps into memory (256 MiB).
pub const SQLITE_MMAP_BYTES: i64 = 268_435_456;

/// Log pages at which a commit checkpoints on its own (about 40 MiB). The
/// server's checkpoint job (in `jobs`) copies the log into the file every
/// 50 ms; the log restarts from its beginning only when a write begins with
/// every frame copied and no reader using it. Under unbroken reads, or an
/// unbroken stream of commits, that moment does not come, so the log still
/// grows to this size and the commit that crosses it checkpoints (with eight
/// clients reading queue pages it stayed at 44 MB; at 1,000,000 tickets
/// under intake, that commit took up to 50–75 ms). The CLI's bulk loads
/// checkpoint themselves.
pub const SQLITE_CHECKPOINT_BACKSTOP_PAGES: u32 = 10_000;

/// The file beside a SQLite database that holds its personal-data access
/// log (`<database>-access`), attached to every connection as `access`.
///
/// Why a file of its own: an operator's every queue page logs its full views,
/// and in WAL mode a commit to a database makes every other connection drop
/// its cached pages (and remap the file) at its next read. With the log in
/// the database, each queue page's read started from a cold cache. Entries in
/// an attached file leave the tickets' readers warm. The tables keep their
/// names, so every query finds them unqualified.
pub fn access_log_file(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-access");
    PathBuf::from(name)
}

/// Attaches the access log at `file` to `conn` as `access`.
pub fn attach_access_log(conn: &mut SqliteConnection, file: &Path) -> diesel::QueryResult<()> {
    diesel::sql_query("ATTACH DATABASE ? AS access")
        .bind::<diesel::sql_types::Text, _>(file.to_string_lossy())
        .execute(conn)
        .map(drop)
}

/// SQLite settings applied to every new connection.
///
/// `synchronous = FULL`: in WAL mode this syncs the log on every commit, so a
/// ticket acknowledged to a caller survives power loss, not just a process crash
/// (NORMAL would only guarantee the latter). The cost is one fsync per commit.
///
/// `wal_autocheckpoint`: see [`SQLITE_CHECKPOINT_BACKSTOP_PAGES`].
///
/// `temp_store = MEMORY`: savepoints (one per ticket in a group commit) keep
/// their undo pages in memory instead of a temporary file; they only matter
/// until the transaction ends, so durability is unchanged.
///
/// The access log ([`access_log_file`]) is attached with `synchronous =
/// NORMAL`: its entries are written before an answer leaves but need not
/// survive a power cut (`Durability::Written`); the server's checkpoint job
/// (in `jobs`) syncs its log within 50 ms.
#[derive(Debug)]
struct SqlitePragmas {
    /// Where the access log is attached from.
    access_log: PathBuf,
}

impl CustomizeConnection<DbConn, PoolError> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), PoolError> {
        if let DbConn::Sqlite(c) = conn {
            c.batch_execute(&format!(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                 PRAGMA temp_store = MEMORY; PRAGMA mmap_size = {SQLITE_MMAP_BYTES}; \
                 PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_BACKSTOP_PAGES};"
            ))?;
            attach_access_log(c, &self.access_log)?;
            c.batch_execute(
                "PRAGMA access.journal_mode = WAL; PRAGMA access.synchronous = NORMAL;",
            )?;
        }
        Ok(())
    }
}

/// Creates a missing SQLite file readable by its owner only (reporters'
/// personal data is in it); SQLite gives its journal files the same mode.
pub fn create_private(path: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        match created {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(e).with_context(|| format!("creating {}", path.display()))
            }
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Builds the pool, creating the SQLite data directory when needed.
pub fn connect_pool(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<DbPool> {
    if let DatabaseUrl::Sqlite(path) = url {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating data directory {}", dir.display()))?;
        }
        create_private(path)?;
        create_private(&access_log_file(path))?;
    }
    let pragmas = || SqlitePragmas {
        access_log: match url {
            DatabaseUrl::Sqlite(path) => access_log_file(path),
            DatabaseUrl::Postgres(_) => PathBuf::new(),
        },
    };
    let manager = DbManager { url: url.clone() };
    // One direct attempt first: a wrong URL or a stopped server fails at once
    // with its real cause, instead of after the pool's retries.
    let mut first = manager
        .connect()
        .with_context(|| format!("opening database {url}"))?;
    // The settings, WAL among them (which the file keeps), are applied here
    // before the pool opens its connections at once: on a new file each
    // switching it to WAL raced the others, and r2d2 logged "database is
    // locked" on a new user's first start.
    pragmas()
        .on_acquire(&mut first)
        .with_context(|| format!("switching {url} to write-ahead logging"))?;
    drop(first);
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(pragmas()))
        .build(manager)
        .with_context(|| format!("opening database {url}"))
}

/// A pool of one connection to the PostgreSQL named by `TEST_POSTGRES_URL`,
/// for tests that need no database of their own; `None` without it.
#[cfg(test)]
pub(crate) fn test_postgres_pool() -> Option<DbPool> {
    let url = std::env::var("TEST_POSTGRES_URL").ok()?;
    Some(connect_pool(&url.parse().expect("TEST_POSTGRES_URL"), 1).expect("TEST_POSTGRES_URL"))
}

#[cfg(test)]
mod tests {
    use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

    #[derive(QueryableByName)]
    struct Used {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        used: i32,
    }

    #[derive(QueryableByName)]
    struct Backend {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }

    fn backend_pid(conn: &mut super::DbConn) -> i32 {
        let row: Backend = diesel::sql_query("SELECT pg_backend_pid() AS pid")
            .get_result(conn)
            .unwrap();
        row.pid
    }

    /// Needs `TEST_POSTGRES_URL`. The checkout check sends no query, yet a
    /// connection whose session the server ended is replaced, not handed
    /// out to fail.
    #[test]
    fn postgres_checkout_replaces_a_connection_the_server_closed() {
        let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
            return;
        };
        let pool = super::connect_pool(&url.parse().unwrap(), 1).unwrap();
        let first = backend_pid(&mut pool.get().unwrap());
        let mut admin = diesel::PgConnection::establish(&url).unwrap();
        let ended = format!("SELECT pg_terminate_backend({first})::int AS used");
        let _: Vec<Used> = diesel::sql_query(ended).load(&mut admin).unwrap();
        let gone = format!("SELECT count(*)::int AS pid FROM pg_stat_activity WHERE pid = {first}");
        let ended = (0..100).any(|_| {
            let row: Backend = diesel::sql_query(&gone).get_result(&mut admin).unwrap();
            if row.pid != 0 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            row.pid == 0
        });
        assert!(ended, "the session {first} did not end within 2 s");
        let second = backend_pid(&mut pool.get().unwrap());
        assert_ne!(first, second, "the closed connection was handed out");
    }

    /// `.cargo/config.toml` sets them; without it every call on a connection
    /// would lock a mutex again.
    #[test]
    fn sqlite_is_built_in_multi_thread_mode_without_memory_counts() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        for option in ["THREADSAFE=2", "DEFAULT_MEMSTATUS=0"] {
            let q = format!("SELECT sqlite_compileoption_used('{option}') AS used");
            let row: Used = diesel::sql_query(q).get_result(&mut conn).unwrap();
            assert_eq!(row.used, 1, "{option}");
        }
    }
}
