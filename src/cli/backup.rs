//! `ipr-service backup FILE` and `ipr-service restore FILE` for the embedded
//! database; on PostgreSQL, `pg_dump` and `pg_restore` do this job.

use std::path::Path;

use crate::config::{Config, DatabaseUrl};
use crate::db::pool::access_log_file;

fn sqlite_path(config: &Config) -> anyhow::Result<&Path> {
    match &config.database_url {
        DatabaseUrl::Sqlite(path) => Ok(path),
        DatabaseUrl::Postgres(_) => {
            anyhow::bail!("on PostgreSQL use pg_dump -Fc (and pg_restore): see README, Operations")
        }
    }
}

/// Takes a consistent copy while the server runs and writes, then checks it.
pub fn backup(config: &Config, target: &Path) -> anyhow::Result<()> {
    let source = sqlite_path(config)?;
    anyhow::ensure!(
        source.exists(),
        "the database {} does not exist",
        source.display()
    );
    let mut conn = crate::db::backup::open(source)?;
    crate::db::backup::copy_to(&mut conn, target)?;
    let tickets = crate::db::backup::check(target)?;
    eprintln!(
        "backed up {} to {} ({tickets} tickets; integrity ok)",
        source.display(),
        target.display()
    );
    let access = access_log_file(target);
    if access.is_file() {
        eprintln!("keep {} (the access log) with it", access.display());
    }
    eprintln!("keep the key file beside the database with it: webhook secrets are sealed with it");
    Ok(())
}

/// Checks a copy and installs it, with its access log, as the database; the
/// database must not exist yet.
pub fn restore(config: &Config, copy: &Path) -> anyhow::Result<()> {
    let target = sqlite_path(config)?;
    for file in [target.to_owned(), access_log_file(target)] {
        anyhow::ensure!(
            !file.exists(),
            "{} exists: restore into an empty data directory (move the old database away first)",
            file.display()
        );
    }
    let tickets = crate::db::backup::check(copy)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let (access_copy, access) = (access_log_file(copy), access_log_file(target));
    for (from, to) in [(copy, target), (&access_copy, &access)] {
        if from.is_file() {
            crate::db::pool::create_private(to)?;
            std::fs::copy(from, to)?;
        }
    }
    eprintln!(
        "restored {} as {} ({tickets} tickets)",
        copy.display(),
        target.display()
    );
    Ok(())
}
