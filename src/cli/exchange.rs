//! `ipr-service export <dataset>` and `ipr-service import <dataset> FILE`:
//! the spreadsheet exchange on the command line, with a progress bar.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::import::bar;
use crate::config::Config;
use crate::directory::Directory;
use crate::domain::audit::Who;
use crate::domain::coords::CoordSys;
use crate::exchange::{apply, check, export, Dataset};
use crate::startup::prepare_database;

/// Reads `--coord-sys`.
pub fn coord_sys(text: &str) -> anyhow::Result<CoordSys> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| anyhow::anyhow!("--coord-sys must be wgs84, gcj02 or bd09"))
}

/// Writes the dataset's CSV to standard output.
pub fn export_to_stdout(config: &Config, dataset: Dataset, sys: CoordSys) -> anyhow::Result<()> {
    let pool = prepare_database(config, false)?;
    let directory = Directory::load(&mut *pool.get()?)?;
    let bytes = export(&directory, dataset, sys);
    match std::io::stdout().write_all(&bytes) {
        // A closed pipe (`… | head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Checks a file, lists the refused rows, and applies it when all pass (or `apply_valid`).
pub fn import_file(
    config: &Config,
    (dataset, file): (Dataset, &Path),
    (sys, apply_valid): (CoordSys, bool),
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let pool = prepare_database(config, false)?;
    let directory = Directory::load(&mut *pool.get()?)?;
    let now = chrono::Utc::now();
    let checked = check(&directory, dataset, &bytes, (sys, now));
    for e in &checked.refused {
        eprintln!(
            "row {} column {}: {} / {}",
            e.row, e.column, e.reason.zh, e.reason.en
        );
    }
    if !checked.refused.is_empty() && !apply_valid {
        anyhow::bail!(
            "{} of {} rows refused; nothing applied (fix them, or pass --apply-valid)",
            checked.refused.len(),
            checked.rows
        );
    }
    let storing = bar(checked.planned.len(), "storing");
    let applied = apply(
        &mut *pool.get()?,
        &checked.planned,
        (&Who::server(), now),
        |n| storing.set_position(n as u64),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    storing.finish();
    eprintln!(
        "{}: {} created, {} updated, {} closed, {} unchanged, {} refused; running servers take them within a second",
        dataset.as_str(),
        applied.created,
        applied.updated,
        applied.closed,
        checked.unchanged,
        checked.refused.len()
    );
    Ok(())
}
