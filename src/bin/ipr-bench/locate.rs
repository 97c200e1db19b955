//! `ipr-bench locate`: in-process `locate` latency with no boundaries and with
//! a synthetic boundary for every county (Voronoi cells of the seats, densified),
//! and the memory those boundaries take; optionally writes the cells as GeoJSON
//! for the HTTP benchmark to import.

use std::time::{Duration, Instant};

use ipr_service::config::{Config, Overrides};
use ipr_service::directory::Directory;
use ipr_service::domain::point::LngLat;
use ipr_service::domain::regions::RegionTree;
use ipr_service::seed::synthetic::county_seats;
use ipr_service::seed::synthetic_boundaries::{county_cells, feature_collection};
use ipr_service::startup::prepare_database;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use stats_alloc::Region;

use super::{percentile, GLOBAL};

/// Points near random county seats (within ±0.2°), where people are.
fn points(seats: &[LngLat], n: usize) -> Vec<LngLat> {
    let mut rng = StdRng::seed_from_u64(9);
    (0..n)
        .map(|_| {
            let s = seats[rng.random_range(0..seats.len())];
            let (dx, dy) = (rng.random_range(-0.2..0.2), rng.random_range(-0.2..0.2));
            LngLat::new(s.lng() + dx, (s.lat() + dy).clamp(-89.0, 89.0)).unwrap()
        })
        .collect()
}

fn timed(tree: &RegionTree, points: &[LngLat]) -> (f64, f64, usize) {
    let mut exact = 0;
    let mut times: Vec<Duration> = (points.iter())
        .map(|&p| {
            let started = Instant::now();
            let chain = std::hint::black_box(tree.locate(p));
            let took = started.elapsed();
            exact += usize::from(chain.first().is_some_and(|l| !l.approximate));
            took
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99), exact)
}

/// Runs the benchmark and prints its figures.
pub fn run(
    vertices: usize,
    queries: usize,
    geojson: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let file = std::env::temp_dir().join(format!("ipr-bench-locate-{}.db", std::process::id()));
    let url = format!("sqlite://{}", file.display());
    let config = Config::load(Overrides {
        database_url: Some(url),
        ..Default::default()
    })?;
    let pool = prepare_database(&config, true)?;
    let mut directory = Directory::load(&mut *pool.get()?)?;
    drop(pool);
    for suffix in ["", "-wal", "-shm", "-access", "-access-wal", "-access-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let seats = county_seats()?;
    let started = Instant::now();
    let cells = county_cells(&seats, vertices);
    let generated = started.elapsed();
    let sample = points(&seats.iter().map(|s| s.at).collect::<Vec<_>>(), queries);
    let (p50, p99, _) = timed(&directory.regions, &sample);
    println!(
        "counties {}; cells of ~{vertices} vertices generated in {:.1} s",
        cells.len(),
        generated.as_secs_f64()
    );
    println!("no boundaries      : locate p50 {p50:>6.1} us  p99 {p99:>6.1} us");
    let memory = Region::new(GLOBAL);
    let started = Instant::now();
    for (code, shape) in &cells {
        if let Some(i) = directory.regions.index_of(code) {
            directory.regions.set_boundary(i, Some(shape.clone()));
        }
    }
    let indexed = started.elapsed();
    let change = memory.change();
    let bytes = change.bytes_allocated as i64 - change.bytes_deallocated as i64;
    let (p50, p99, exact) = timed(&directory.regions, &sample);
    println!(
        "{:>5} boundaries  : locate p50 {p50:>6.1} us  p99 {p99:>6.1} us (target <= 50)  exact {:.0} %",
        directory.regions.with_boundary(),
        exact as f64 * 100.0 / sample.len() as f64
    );
    println!(
        "boundaries in memory: {:.1} MiB (polygons and index), indexed one by one in {:.2} s",
        bytes as f64 / (1024.0 * 1024.0),
        indexed.as_secs_f64()
    );
    if let Some(path) = geojson {
        std::fs::write(path, feature_collection(&cells).to_string())?;
        println!("cells written to {}", path.display());
    }
    Ok(())
}
