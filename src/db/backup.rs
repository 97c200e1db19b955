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

/// Writes a consistent copy of the database `conn` is open on to `target`,
/// which must not exist; the copy is readable by its owner only.
pub fn copy_to(conn: &mut SqliteConnection, target: &Path) -> anyhow::Result<()> {
    anyhow::ensure!(!target.exists(), "{} already exists", target.display());
    // VACUUM INTO accepts an empty file: made first, so its mode is ours.
    super::pool::create_private(target)?;
    let quoted = target.to_string_lossy().replace('\'', "''");
    let done = diesel::sql_query(format!("VACUUM INTO '{quoted}'")).execute(conn);
    if let Err(e) = done {
        let _ = std::fs::remove_file(target);
        anyhow::bail!("copying into {}: {e}", target.display());
    }
    Ok(())
}

/// Checks a copy: SQLite's integrity check passes and it holds our migrations;
/// the number of tickets in it.
pub fn check(path: &Path) -> anyhow::Result<i64> {
    anyhow::ensure!(path.is_file(), "{} is not a file", path.display());
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
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
    let tickets: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM tickets").get_result(&mut conn)?;
    Ok(tickets.n)
}
