//! The schema's migrations, per backend under the same names: applied at
//! start, and reverted on an operator's request before a release is rolled
//! back (the older build does not know the newer migrations' down steps).

use diesel::backend::Backend;
use diesel::migration::{Migration, MigrationSource, MigrationVersion};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConn;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Whether migrations of this build are not applied to the database yet.
pub fn pending_migrations(conn: &mut DbConn) -> anyhow::Result<bool> {
    match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        DbConn::Postgresql(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("reading migrations: {e}"))
}

/// Applies every pending migration of the connection's backend.
pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<()> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
    for migration in applied {
        tracing::info!(%migration, "applied migration");
    }
    access_log_in_place(conn)
}

/// On SQLite, with every migration applied, the access log's tables are in
/// the file attached as `access`. A database file copied or restored without
/// that file would answer every logged read with an error: it fails here,
/// at start, naming the file, instead.
fn access_log_in_place(conn: &mut DbConn) -> anyhow::Result<()> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let DbConn::Sqlite(c) = conn else {
        return Ok(());
    };
    let found: Found = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM access.sqlite_master WHERE name = 'pii_access_answers'",
    )
    .get_result(c)?;
    #[derive(diesel::QueryableByName)]
    struct File {
        #[diesel(sql_type = diesel::sql_types::Text)]
        file: String,
    }
    let file: Vec<File> =
        diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'access'").load(c)?;
    anyhow::ensure!(
        found.n == 1,
        "the access log is missing: {} holds no pii_access_answers. It belongs beside the \
         database; restore it with the database (`restore` copies both)",
        file.first()
            .map_or("the file attached as access", |f| f.file.as_str())
    );
    Ok(())
}

/// Reverts, newest first, every applied migration newer than `keep` (a
/// migration of this build, named as its folder is, e.g.
/// `2026-12-04-000021_rate_counters_unlogged`, or by its date and number
/// alone), or every one for `None`. Each is reverted in its own transaction;
/// what a reverted migration added is gone. Returns the reverted names.
pub fn revert_migrations_to(conn: &mut DbConn, keep: Option<&str>) -> anyhow::Result<Vec<String>> {
    match conn {
        DbConn::Sqlite(c) => revert(c, SQLITE_MIGRATIONS, keep),
        DbConn::Postgresql(c) => revert(c, POSTGRES_MIGRATIONS, keep),
    }
}

fn revert<DB: Backend>(
    conn: &mut impl MigrationHarness<DB>,
    source: impl MigrationSource<DB>,
    keep: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    let migrations = source.migrations().map_err(failed)?;
    let keep = keep.map(|k| kept_version(&migrations, k)).transpose()?;
    let mut reverted = Vec::new();
    while let Some(newest) = conn
        .applied_migrations()
        .map_err(failed)?
        .into_iter()
        .next()
    {
        if keep.as_ref().is_some_and(|k| newest <= *k) {
            break;
        }
        let Some(migration) = migrations.iter().find(|m| m.name().version() == newest) else {
            anyhow::bail!("the database has migration {newest}, which this build does not know");
        };
        conn.revert_migration(migration.as_ref()).map_err(failed)?;
        reverted.push(migration.name().to_string());
    }
    Ok(reverted)
}

fn failed(e: Box<dyn std::error::Error + Send + Sync>) -> anyhow::Error {
    anyhow::anyhow!("reverting migrations: {e}")
}

/// The version of the migration `name` names, if this build has it.
fn kept_version<DB: Backend>(
    migrations: &[Box<dyn Migration<DB>>],
    name: &str,
) -> anyhow::Result<MigrationVersion<'static>> {
    let wanted = name.split('_').next().unwrap_or_default().replace('-', "");
    (migrations.iter())
        .map(|m| m.name().version().as_owned())
        .find(|v| v.to_string() == wanted)
        .ok_or_else(|| {
            let known: Vec<String> = migrations.iter().map(|m| m.name().to_string()).collect();
            anyhow::anyhow!(
                "no migration {name} in this build; it has {}",
                known.join(", ")
            )
        })
}
