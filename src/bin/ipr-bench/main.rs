//! Benchmarks that run in process: nearest-search latency, index build time
//! and memory at several sizes, and a raw single-row insert loop for comparing
//! intake with, and the HTTP ceiling for a payload. `tests/bench/run.sh` runs these and the HTTP benchmarks.

mod ceiling;
mod knowledge;
mod locate;
mod memory;

use std::alloc::System;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use diesel::connection::SimpleConnection;
use ipr_service::config::DatabaseUrl;
use ipr_service::db::{connect_pool, write_transaction};
use ipr_service::domain::point::LngLat;
use ipr_service::domain::spatial::{NearestQuery, SpatialIndex};
use ipr_service::domain::vocab::OutletKind;
use ipr_service::seed::synthetic::{county_seats, outlet};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

// Counts allocations, so memory per outlet is measured rather than estimated.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[derive(Parser)]
#[command(about = "ipr-service benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Nearest (k = 10) latency with and without a kind filter; build time; bytes per outlet.
    Index {
        /// Comma-separated outlet counts.
        #[arg(long, default_value = "10000,100000,1000000")]
        sizes: String,
        /// Queries per size and variant.
        #[arg(long, default_value_t = 5000)]
        queries: usize,
    },
    /// Jurisdiction lookups without and with a boundary for every county.
    Locate {
        /// Vertices per synthetic county boundary.
        #[arg(long, default_value_t = 1000)]
        vertices: usize,
        /// Random points near county seats.
        #[arg(long, default_value_t = 20000)]
        queries: usize,
        /// Also write the boundaries as a GeoJSON FeatureCollection here.
        #[arg(long)]
        geojson: Option<std::path::PathBuf>,
    },
    /// Knowledge search: recall@5, MRR and latency over the evaluation questions.
    Knowledge {
        /// Timed searches per question.
        #[arg(long, default_value_t = 50)]
        rounds: usize,
    },
    /// Serves a file's bytes from a trivial actix-web handler: the HTTP ceiling for that payload.
    Ceiling {
        /// Port on 127.0.0.1.
        #[arg(long)]
        port: u16,
        /// The answer to serve (e.g. a saved nearest answer).
        #[arg(long)]
        body: std::path::PathBuf,
        /// Worker threads (the server's default is one per core).
        #[arg(long, default_value_t = 2)]
        workers: usize,
    },
    /// Bytes per outlet of each part of a loaded directory.
    DirectoryMemory {
        /// Database URL holding the outlets.
        #[arg(long)]
        database_url: String,
    },
    /// Single-row inserts, one transaction each, for this long.
    RawInsert {
        /// Database URL (same pragmas and durability as the server).
        #[arg(long)]
        database_url: String,
        /// Seconds to run.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn latencies(
    index: &SpatialIndex<(String, LngLat, OutletKind)>,
    queries: usize,
    filter: Option<OutletKind>,
) -> (f64, f64, f64) {
    let mut rng = StdRng::seed_from_u64(42);
    let mut times: Vec<Duration> = (0..queries)
        .map(|_| {
            let origin =
                LngLat::new(rng.random_range(75.0..133.0), rng.random_range(20.0..50.0)).unwrap();
            let q = NearestQuery {
                origin,
                limit: 10,
                radius_m: None,
                after: None,
            };
            let started = Instant::now();
            let hits = index.nearest(&q, |(_, _, k)| filter.is_none_or(|f| *k == f));
            std::hint::black_box(hits.len());
            started.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len() as f64 * 1e6;
    (percentile(&times, 0.5), percentile(&times, 0.99), mean)
}

fn index(sizes: &str, queries: usize) -> anyhow::Result<()> {
    let seats = county_seats()?;
    println!(
        "{:>9} {:>9} {:>10} {:>10} {:>10} {:>12} {:>12} {:>12}",
        "outlets",
        "build_ms",
        "idx_B/out",
        "p50_us",
        "p99_us",
        "rare_p50_us",
        "rare_p99_us",
        "mean_us"
    );
    let mut p99s = Vec::new();
    for n in sizes.split(',').map(str::trim).map(str::parse::<u64>) {
        let n = n?;
        let mut rng = StdRng::seed_from_u64(1);
        let items: Vec<(String, LngLat, OutletKind)> = (0..n)
            .map(|i| {
                let (id, kind, _, at) = outlet(&seats, &mut rng, 1, i);
                (id, at, kind)
            })
            .collect();
        let region = Region::new(GLOBAL);
        let started = Instant::now();
        let index = SpatialIndex::bulk_load(items);
        let build = started.elapsed();
        let bytes =
            region.change().bytes_allocated as i64 - region.change().bytes_deallocated as i64;
        let (p50, p99, mean) = latencies(&index, queries, None);
        let (rare50, rare99, _) =
            latencies(&index, queries, Some(OutletKind::InformationServicePoint));
        println!("{n:>9} {:>9.0} {:>10.0} {p50:>10.1} {p99:>10.1} {rare50:>12.1} {rare99:>12.1} {mean:>12.1}", build.as_secs_f64() * 1e3, bytes as f64 / n as f64);
        p99s.push((n, p99));
        drop(Arc::new(index));
    }
    if let (Some((small, a)), Some((large, b))) = (p99s.first(), p99s.last()) {
        println!("p99 ratio {large}/{small}: {:.2} (target <= 1.5)", b / a);
    }
    Ok(())
}

fn raw_insert(url: &str, seconds: u64) -> anyhow::Result<()> {
    let url: DatabaseUrl = url.parse()?;
    let pool = connect_pool(&url, 1)?;
    let mut conn = pool.get()?;
    conn.batch_execute("CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY NOT NULL, payload TEXT NOT NULL)")?;
    let (started, mut rows) = (Instant::now(), 0u64);
    while started.elapsed() < Duration::from_secs(seconds) {
        let id = uuid::Uuid::now_v7().to_string();
        write_transaction(&mut conn, |c| {
            c.batch_execute(&format!(
                "INSERT INTO bench_raw (id, payload) VALUES ('{id}', 'raw single-row insert')"
            ))
        })?;
        rows += 1;
    }
    conn.batch_execute("DROP TABLE bench_raw")?;
    println!(
        "raw inserts/s: {:.0}",
        rows as f64 / started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Index { sizes, queries } => index(&sizes, queries),
        Command::Locate {
            vertices,
            queries,
            geojson,
        } => locate::run(vertices, queries, geojson.as_deref()),
        Command::Knowledge { rounds } => knowledge::run(rounds),
        Command::Ceiling {
            port,
            body,
            workers,
        } => ceiling::run(port, &body, workers),
        Command::DirectoryMemory { database_url } => memory::run(&database_url),
        Command::RawInsert {
            database_url,
            seconds,
        } => raw_insert(&database_url, seconds),
    }
}
