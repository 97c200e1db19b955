//! `ipr-service import boundaries FILE`: checks every feature of a GeoJSON
//! FeatureCollection against the region tree, reports those refused, and
//! stores the rest only when all pass (or with `--apply-valid`).

use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::directory::Directory;
use crate::domain::audit::Who;
use crate::domain::boundary::import::check_collection;
use crate::domain::coords::CoordSys;
use crate::startup::prepare_database;

/// What `import boundaries` was asked.
#[derive(Debug, Clone)]
pub struct BoundaryImport<'a> {
    /// The GeoJSON file.
    pub file: &'a Path,
    /// The property holding each feature's region code.
    pub code_property: &'a str,
    /// Coordinate system of the file.
    pub coord_sys: CoordSys,
    /// Store the features that pass even when others are refused.
    pub apply_valid: bool,
}

/// A progress bar (drawn only on a terminal).
pub fn bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    let style = ProgressStyle::with_template("{msg:10} [{bar:40}] {pos}/{len} ({eta})")
        .expect("a valid template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar
}

/// Runs the import; fails (nothing stored) when features are refused without `apply_valid`.
pub fn boundaries(config: &Config, job: BoundaryImport<'_>) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(job.file)
        .with_context(|| format!("reading {}", job.file.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", job.file.display()))?;
    let features = value["features"].as_array().map_or(0, Vec::len);
    let pool = prepare_database(config, false)?;
    let directory = Directory::load(&mut *pool.get()?)?;
    let checking = bar(features, "checking");
    let checked = check_collection(
        value,
        job.code_property,
        job.coord_sys,
        &directory.regions,
        |n| checking.set_position(n as u64),
    )
    .map_err(|reason| anyhow::anyhow!("{}", reason.en))?;
    checking.finish();
    for r in &checked.refused {
        let code = r.code.as_deref().unwrap_or("-");
        eprintln!(
            "refused feature {} ({code}): {}: {} / {}",
            r.feature, r.field, r.reason.zh, r.reason.en
        );
    }
    if !checked.refused.is_empty() && !job.apply_valid {
        anyhow::bail!(
            "{} of {features} features refused; nothing stored (fix them, or pass --apply-valid)",
            checked.refused.len()
        );
    }
    let storing = bar(checked.accepted.len(), "storing");
    let now = chrono::Utc::now().naive_utc();
    crate::directory::boundaries::store(
        &mut *pool.get()?,
        &checked.accepted,
        (&Who::server(), now),
        |n| storing.set_position(n as u64),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    storing.finish();
    eprintln!(
        "stored {} boundaries, refused {}; running servers reload them within a second",
        checked.accepted.len(),
        checked.refused.len()
    );
    Ok(())
}
