//! Command line: `serve`, `migrate`, `seed`, `openapi`, `keys`, `import`, `export`,
//! `backup`, `restore`, `erase-reporters`.

mod args;
mod backup;
mod exchange;
mod import;
mod keys;

use args::{GlobalArgs, ServeArgs};
use keys::KeysAction;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, DatabaseUrl};
use crate::domain::audit::Who;
use crate::startup::{prepare_database, Application};
use crate::{api, seed};

/// ipr-service: REST API of the IPR public service network.
#[derive(Debug, Parser)]
#[command(name = "ipr-service", version, about)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate, seed an empty database, and serve the API.
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations, or revert newer ones before a rollback.
    Migrate {
        /// Revert, newest first, every applied migration newer than this one
        /// (e.g. `2026-12-04-000021`), dropping what they added: run with this
        /// build before going back to the build that ends with that migration.
        #[arg(long, value_name = "MIGRATION")]
        revert_to: Option<String>,
    },
    /// Load missing reference data (idempotent); with --synthetic, also benchmark outlets.
    Seed {
        /// Add this many synthetic outlets clustered around county seats (for benchmarks).
        #[arg(long)]
        synthetic: Option<u64>,
        /// Add this many synthetic tickets with histories over the last year (for benchmarks).
        #[arg(long)]
        tickets: Option<u64>,
        /// Random seed of the synthetic outlets and tickets: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Take a consistent copy of the SQLite database while the server runs.
    Backup {
        /// Where to write the copy (must not exist).
        file: PathBuf,
    },
    /// Check a copy and install it as the (not yet existing) SQLite database.
    Restore {
        /// The copy.
        file: PathBuf,
    },
    /// Write a dataset as CSV (UTF-8 with a byte order mark) to standard output.
    Export {
        /// regions, outlets, matters or hours.
        dataset: SheetDataset,
        /// Coordinate system of positions in the file: wgs84, gcj02 or bd09.
        #[arg(long, default_value = "wgs84")]
        coord_sys: String,
    },
    /// Import reference data from files.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Erase reporters' personal data from tickets closed more than N days
    /// ago (default: IPR_REPORTER_RETENTION_DAYS), keeping the anonymous record.
    EraseReporters {
        /// Days after closure; overrides the configured retention.
        #[arg(long)]
        days: Option<u32>,
    },
    /// Manage API keys.
    Keys {
        /// Create the database if it does not exist (otherwise a missing
        /// database is an error: a key in a new database is one the server rejects).
        #[arg(long, global = true)]
        create_database: bool,
        #[command(subcommand)]
        action: KeysAction,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// Region boundaries from a GeoJSON FeatureCollection, checked first;
    /// nothing is stored unless every feature passes (or --apply-valid).
    Boundaries {
        /// The GeoJSON file.
        file: PathBuf,
        /// The feature property holding the region code, e.g. adcode.
        #[arg(long, default_value = "code")]
        code_property: String,
        /// Coordinate system of the file: wgs84, gcj02 or bd09.
        #[arg(long, default_value = "wgs84")]
        coord_sys: String,
        /// Store the features that pass even when others are refused.
        #[arg(long)]
        apply_valid: bool,
    },
    /// Regions and parks from CSV (as `export regions` writes it).
    Regions(SheetImport),
    /// Outlets from CSV; a `status=closed` row closes an outlet.
    Outlets(SheetImport),
    /// Service matters from CSV.
    Matters(SheetImport),
    /// Opening hours from CSV.
    Hours(SheetImport),
}

/// A spreadsheet to import: every row is checked first, and nothing is
/// stored unless all pass (or --apply-valid).
#[derive(Debug, Args)]
struct SheetImport {
    /// The CSV file (UTF-8, with or without a byte order mark).
    file: PathBuf,
    /// Coordinate system of positions in the file: wgs84, gcj02 or bd09.
    #[arg(long, default_value = "wgs84")]
    coord_sys: String,
    /// Store the rows that pass even when others are refused.
    #[arg(long)]
    apply_valid: bool,
}

/// A dataset to export.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SheetDataset {
    Regions,
    Outlets,
    Matters,
    Hours,
}

impl From<SheetDataset> for crate::exchange::Dataset {
    fn from(d: SheetDataset) -> Self {
        use crate::exchange::Dataset;
        match d {
            SheetDataset::Regions => Dataset::Regions,
            SheetDataset::Outlets => Dataset::Outlets,
            SheetDataset::Matters => Dataset::Matters,
            SheetDataset::Hours => Dataset::Hours,
        }
    }
}

/// The database a command works on, said on stderr (without any password)
/// so that a key is never made in a database the server does not use.
fn announce(config: &Config) -> &Config {
    let absolute = match &config.database_url {
        DatabaseUrl::Sqlite(path) => std::path::absolute(path)
            .map(|p| format!("sqlite://{}", p.display()))
            .unwrap_or_else(|_| config.database_url.to_string()),
        other => other.to_string(),
    };
    eprintln!("database: {absolute}");
    config
}

/// Refuses a SQLite file that does not exist unless asked to create it.
fn existing(config: &Config, create: bool) -> anyhow::Result<&Config> {
    if let DatabaseUrl::Sqlite(path) = &config.database_url {
        anyhow::ensure!(
            create || path.exists(),
            "the database {} does not exist; run this where the server runs, set \
             --database-url (IPR_DATABASE_URL) to the server's database, or pass \
             --create-database to make a new one",
            path.display()
        );
    }
    Ok(config)
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve(args) => {
            let config = cli.config(Some(args))?;
            let app = Application::build(&config)?;
            tracing::info!(port = app.port(), database = %config.database_url, "serving");
            app.run_until_stopped().await?;
        }
        Command::Migrate { revert_to: None } => {
            prepare_database(announce(&cli.config(None)?), false)?;
        }
        Command::Migrate {
            revert_to: Some(keep),
        } => {
            let config = cli.config(None)?;
            let pool =
                crate::db::connect_pool(&existing(announce(&config), false)?.database_url, 1)?;
            for name in crate::db::revert_migrations_to(&mut *pool.get()?, Some(keep))? {
                println!("reverted {name}");
            }
        }
        Command::Seed {
            synthetic,
            tickets,
            seed,
        } => seed_database(&cli.config(None)?, (*synthetic, *tickets), *seed)?,
        Command::Openapi => {
            use std::io::Write;
            // A closed pipe (`… openapi | head`) is the reader's choice, not an error.
            match std::io::stdout().write_all(api::openapi_json().as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
        }
        Command::Import {
            what:
                ImportWhat::Boundaries {
                    file,
                    code_property,
                    coord_sys,
                    apply_valid,
                },
        } => {
            let config = cli.config(None)?;
            let config = existing(announce(&config), false)?;
            let coord_sys = exchange::coord_sys(coord_sys)?;
            let job = import::BoundaryImport {
                file,
                code_property,
                coord_sys,
                apply_valid: *apply_valid,
            };
            import::boundaries(config, job)?;
        }
        Command::Import { what } => {
            let (dataset, sheet) = match what {
                ImportWhat::Regions(s) => (SheetDataset::Regions, s),
                ImportWhat::Outlets(s) => (SheetDataset::Outlets, s),
                ImportWhat::Matters(s) => (SheetDataset::Matters, s),
                ImportWhat::Hours(s) => (SheetDataset::Hours, s),
                ImportWhat::Boundaries { .. } => unreachable!("matched above"),
            };
            let config = cli.config(None)?;
            let config = existing(announce(&config), false)?;
            let how = (exchange::coord_sys(&sheet.coord_sys)?, sheet.apply_valid);
            exchange::import_file(config, (dataset.into(), &sheet.file), how)?;
        }
        Command::Export { dataset, coord_sys } => {
            let config = cli.config(None)?;
            let config = existing(announce(&config), false)?;
            exchange::export_to_stdout(config, (*dataset).into(), exchange::coord_sys(coord_sys)?)?;
        }
        Command::Backup { file } => {
            let config = cli.config(None)?;
            backup::backup(announce(&config), file)?;
        }
        Command::Restore { file } => {
            let config = cli.config(None)?;
            backup::restore(announce(&config), file)?;
        }
        Command::EraseReporters { days } => erase_reporters(&cli.config(None)?, *days)?,
        Command::Keys {
            create_database,
            action,
        } => {
            let config = cli.config(None)?;
            keys_command(existing(announce(&config), *create_database)?, action)?
        }
    }
    Ok(())
}

/// Migrates and seeds the database, then adds synthetic outlets and tickets
/// when asked.
fn seed_database(
    config: &Config,
    (synthetic, tickets): (Option<u64>, Option<u64>),
    seed: u64,
) -> anyhow::Result<()> {
    let pool = prepare_database(announce(config), false)?;
    let mut conn = pool.get()?;
    let report = seed::run(&mut conn)?;
    println!(
        "seeded {} regions, {} outlets, {} calendar years, {} service matters",
        report.regions, report.outlets, report.calendar_years, report.matters
    );
    if let Some(n) = synthetic {
        let added = seed::synthetic::insert(&mut conn, n, seed)?;
        println!("added {added} synthetic outlets (seed {seed})");
    }
    if let Some(n) = tickets {
        let added = seed::synthetic_tickets::insert(&mut conn, n, seed)?;
        println!("added {added} synthetic tickets (seed {seed})");
    }
    Ok(())
}

/// Erases the personal data of tickets closed more than `days` ago (or the
/// configured retention).
fn erase_reporters(config: &Config, days: Option<u32>) -> anyhow::Result<()> {
    let config = existing(announce(config), false)?;
    let Some(days) = days.or(config.retention.reporter_days) else {
        anyhow::bail!("say after how many days: --days N, or set IPR_REPORTER_RETENTION_DAYS");
    };
    let pool = prepare_database(config, false)?;
    let erased = crate::jobs::retention::erase_reporters(
        &mut *pool.get()?,
        days,
        chrono::Utc::now(),
        &Who::server(),
    )?;
    eprintln!("erased the personal data of {erased} tickets closed more than {days} days ago");
    Ok(())
}

/// Creates, lists or revokes keys on the server.
fn keys_command(config: &Config, action: &KeysAction) -> anyhow::Result<()> {
    match action {
        KeysAction::Create {
            role,
            outlet,
            person,
            label,
            expires_in_days,
        } => {
            let expires_at = expires_in_days
                .map(|d| (chrono::Utc::now() + chrono::Duration::days(d.into())).naive_utc());
            let spec = crate::keys::KeySpec {
                role: *role,
                outlet_id: outlet.clone(),
                person_id: person.clone(),
                label: label.clone(),
                expires_at,
                created_by: None,
            };
            keys::create_key(config, spec)
        }
        action => keys::manage_keys(config, action),
    }
}
