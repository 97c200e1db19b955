//! Online copies of the embedded database: `VACUUM INTO` reads one consistent
//! snapshot while the server keeps writing (WAL), and checks of a copy.

use std::path::Path;

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::SqliteConnection;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Opens the database at `path` with its access log attached as `access`
/// when the file beside it exists (a database not yet migrated has none).
pub fn open(path: &Path) -> anyhow::Result<SqliteConnection> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
    let access = super::pool::access_log_file(path);
    if access.is_file() {
        super::pool::attach_access_log(&mut conn, &access)?;
    }
    Ok(conn)
}

/// Writes a consistent copy of the database `conn` is open on to `target`,
/// and of its attached access log to the file beside `target`; neither may
/// exist. Each is one snapshot; the access log's may hold views of tickets
/// newer than the database's. The copies are readable by their owner only.
pub fn copy_to(conn: &mut SqliteConnection, target: &Path) -> anyhow::Result<()> {
    let access = super::pool::access_log_file(target);
    for file in [target, &access] {
        anyhow::ensure!(!file.exists(), "{} already exists", file.display());
    }
    vacuum_into(conn, "main", target)?;
    if attached(conn, "access")? {
        if let Err(e) = vacuum_into(conn, "access", &access) {
            let _ = std::fs::remove_file(target);
            return Err(e);
        }
    }
    Ok(())
}

/// `VACUUM schema INTO target`, into a new file of the owner's only.
fn vacuum_into(conn: &mut SqliteConnection, schema: &str, target: &Path) -> anyhow::Result<()> {
    // VACUUM INTO accepts an empty file: made first, so its mode is ours.
    super::pool::create_private(target)?;
    let quoted = target.to_string_lossy().replace('\'', "''");
    let done = diesel::sql_query(format!("VACUUM {schema} INTO '{quoted}'")).execute(conn);
    if let Err(e) = done {
        let _ = std::fs::remove_file(target);
        anyhow::bail!("copying into {}: {e}", target.display());
    }
    Ok(())
}

/// Whether `schema` is attached to the connection.
fn attached(conn: &mut SqliteConnection, schema: &str) -> anyhow::Result<bool> {
    let found: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM pragma_database_list WHERE name = ?")
            .bind::<Text, _>(schema)
            .get_result(conn)?;
    Ok(found.n > 0)
}

/// Checks a copy: SQLite's integrity check passes on it and on its access
/// log, it holds our migrations, and the access log is beside it unless it
/// still holds the log itself (a copy from before the log had its own file);
/// the number of tickets in it.
pub fn check(path: &Path) -> anyhow::Result<i64> {
    anyhow::ensure!(path.is_file(), "{} is not a file", path.display());
    let mut conn = open(path)?;
    let result: Check = diesel::sql_query("PRAGMA integrity_check").get_result(&mut conn)?;
    anyhow::ensure!(
        result.integrity_check == "ok",
        "integrity check: {}",
        result.integrity_check
    );
    let migrations: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
            .get_result(&mut conn)
            .map_err(|_| anyhow::anyhow!("{} is not an ipr-service database", path.display()))?;
    anyhow::ensure!(migrations.n > 0, "{} holds no migrations", path.display());
    let log_inside: Count = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM main.sqlite_master WHERE name = 'pii_access_answers'",
    )
    .get_result(&mut conn)?;
    let access = super::pool::access_log_file(path);
    anyhow::ensure!(
        log_inside.n > 0 || access.is_file(),
        "the access log of {} is missing: it belongs in {}",
        path.display(),
        access.display()
    );
    let tickets: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM tickets").get_result(&mut conn)?;
    Ok(tickets.n)
}
