//! Loading the directory from the database: regions, outlets and the
//! catalogue. A large directory is read on several threads at once, and its
//! spatial index and links are built side by side.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

use super::links::Links;
use super::{outlet_search, Catalogue, Directory, IndexedOutlet};
use crate::db::outlets::OutletRow;
use crate::db::{self, DbConn, DbPool};
use crate::domain::outlet::Outlet;
use crate::domain::regions::{Region, RegionTree};
use crate::domain::spatial::SpatialIndex;

/// An outlet ready for the spatial index.
pub type Entry = Arc<IndexedOutlet>;

/// A stored outlet as a directory entry.
pub fn entry(row: OutletRow) -> anyhow::Result<Entry> {
    Ok(Arc::new(IndexedOutlet::new(&Outlet::try_from(row)?)?))
}

/// Below this many outlets one connection and thread read them all.
const PARALLEL_FROM: usize = 5_000;

/// From this many outlets on, their details are held compressed (see
/// [`super::outlet_texts`]); below, the table and its training buy nothing.
const COMPRESS_FROM: usize = 5_000;

/// Outlets the symbol table is trained on.
const SAMPLE: usize = 4096;

/// Trains the process's symbol table for outlet texts on a sample of the
/// table, unless an earlier load trained it.
fn train_text_table(conn: &mut DbConn, span: Option<(i64, i64)>) -> anyhow::Result<()> {
    let started = Instant::now();
    let samples = (db::outlets::sample(conn, SAMPLE, span)?.into_iter())
        .map(|row| Ok(super::entry::details_sample(&Outlet::try_from(row)?)))
        .collect::<anyhow::Result<Vec<String>>>()?;
    if super::outlet_texts::codec::train_once(&samples) {
        let train_ms = started.elapsed().as_millis() as u64;
        tracing::debug!(
            train_ms,
            samples = samples.len(),
            "outlet text table trained"
        );
    }
    Ok(())
}

/// Rows read before they are converted (and, on PostgreSQL, handed from the
/// reading thread to the converting one).
const CHUNK: usize = 4096;

/// Outlets as directory entries.
#[derive(Default)]
struct Entries(Vec<Entry>);

impl Entries {
    fn add(&mut self, rows: Vec<OutletRow>) -> anyhow::Result<()> {
        for row in rows {
            self.0.push(entry(row)?);
        }
        Ok(())
    }

    /// The spatial index and the links, built side by side. Parts read from
    /// different snapshots can hold an outlet twice (moved to another rowid
    /// while loading); the index keeps one, and the links are then built
    /// again from what it kept.
    fn index(self) -> (SpatialIndex<Arc<IndexedOutlet>>, Links) {
        let shared = self.0.clone();
        let (index, links) = std::thread::scope(|s| {
            let links = s.spawn(|| Links::build(shared.iter()));
            let index = SpatialIndex::bulk_load(self.0);
            let links = links
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (index, links)
        });
        if index.len() == shared.len() {
            return (index, links);
        }
        let links = Links::build(index.payloads());
        (index, links)
    }
}

/// Rowids `low..=high` cut into `parts` ranges `[from, to)` of about equal width.
fn split((low, high): (i64, i64), parts: i64) -> Vec<(i64, i64)> {
    let width = (high - low + parts) / parts;
    (0..parts)
        .map(|k| (low + k * width, (low + (k + 1) * width).min(high + 1)))
        .filter(|(from, to)| from < to)
        .collect()
}

/// A thread's result, with a panic as an error.
fn joined<T>(r: std::thread::Result<anyhow::Result<T>>) -> anyhow::Result<T> {
    r.unwrap_or_else(|_| Err(anyhow::anyhow!("loading the directory panicked")))
}

/// Reads and converts each SQLite rowid range on its own thread and connection.
fn read_ranges(pool: &DbPool, ranges: &[(i64, i64)]) -> anyhow::Result<Entries> {
    let parts: Vec<anyhow::Result<Entries>> = std::thread::scope(|s| {
        let readers: Vec<_> = (ranges.iter())
            .map(|&range| {
                s.spawn(move || {
                    let mut part = Entries::default();
                    let mut conn = pool.get()?;
                    db::outlets::read_in_chunks(&mut conn, (CHUNK, Some(range)), |rows| {
                        part.add(rows)
                    })?;
                    anyhow::Ok(part)
                })
            })
            .collect();
        readers.into_iter().map(|r| joined(r.join())).collect()
    });
    let mut all = Entries::default();
    for part in parts {
        all.0.extend(part?.0);
    }
    Ok(all)
}

/// Reads and decodes rows on this thread while another converts them.
fn read_pipelined(conn: &mut DbConn) -> anyhow::Result<Entries> {
    let (send, receive) = mpsc::sync_channel::<Vec<OutletRow>>(4);
    std::thread::scope(|s| {
        let converter = s.spawn(move || {
            let mut outlets = Entries::default();
            for rows in receive {
                outlets.add(rows)?;
            }
            anyhow::Ok(outlets)
        });
        // A send fails only when the converter stopped on an error, which
        // its result reports.
        let read = db::outlets::read_in_chunks(conn, (CHUNK, None), |rows| {
            let _ = send.send(rows);
            Ok(())
        });
        drop(send);
        let outlets = joined(converter.join());
        read.and(outlets)
    })
}

fn regions_and_catalogue(conn: &mut DbConn) -> anyhow::Result<(RegionTree, Catalogue)> {
    let regions = db::regions::load_all(conn)?
        .into_iter()
        .map(Region::try_from)
        .collect::<anyhow::Result<_>>()?;
    let regions = RegionTree::new(regions).map_err(anyhow::Error::msg)?;
    Ok((regions, Catalogue::load(conn)?))
}

impl Directory {
    /// Loads everything on one connection and thread.
    pub fn load(conn: &mut DbConn) -> anyhow::Result<Self> {
        let (regions, catalogue) = regions_and_catalogue(conn)?;
        let mut outlets = Entries::default();
        db::outlets::read_in_chunks(conn, (CHUNK, None), |rows| outlets.add(rows))?;
        Ok(Self::assemble(regions, outlets, catalogue))
    }

    /// Loads everything, overlapping the work. On SQLite, each core reads and
    /// converts its own range of the outlet table on its own connection while
    /// the regions and the catalogue load beside them; on PostgreSQL (no
    /// rowids) one thread reads and decodes rows while another turns them
    /// into entries.
    /// Parts may come from different snapshots of a shared database; the
    /// change log, read from a position taken before loading, brings in
    /// whatever changed meanwhile.
    pub fn load_in_parallel(pool: &DbPool) -> anyhow::Result<Self> {
        Self::load_in_parts(pool, PARALLEL_FROM)
    }

    /// [`Self::load_in_parallel`], in parts from `parallel_from` outlets on
    /// (on SQLite, rowids: deleted rows leave gaps).
    pub fn load_in_parts(pool: &DbPool, parallel_from: usize) -> anyhow::Result<Self> {
        let started = Instant::now();
        let mut conn = pool.get()?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let span = db::outlets::rowid_span(&mut conn)?;
        let size = match span {
            Some((low, high)) => (high.unwrap_or(0) - low.unwrap_or(1) + 1).max(0) as usize,
            None => db::outlets::count(&mut conn)? as usize,
        };
        if size >= COMPRESS_FROM {
            train_text_table(&mut conn, span.and_then(|(l, h)| Some((l?, h?))))?;
        }
        if size < parallel_from || cores < 2 {
            return Self::load(&mut conn);
        }
        let (outlets, loaded) = match span {
            // The loader keeps this connection; each range takes its own.
            Some((low, high)) => std::thread::scope(|s| {
                let ranges = split((low.unwrap_or(1), high.unwrap_or(0)), cores.min(8) as i64);
                let loader = s.spawn(move || regions_and_catalogue(&mut conn));
                (read_ranges(pool, &ranges), joined(loader.join()))
            }),
            None => {
                let loaded = regions_and_catalogue(&mut conn);
                (read_pipelined(&mut conn), loaded)
            }
        };
        let ((regions, catalogue), outlets) = (loaded?, outlets?);
        let read_ms = started.elapsed().as_millis() as u64;
        let dir = Self::assemble(regions, outlets, catalogue);
        let total_ms = started.elapsed().as_millis() as u64;
        tracing::debug!(read_ms, total_ms, "directory read and indexed");
        Ok(dir)
    }

    /// Builds the spatial index (and, for a small directory, the search index)
    /// over loaded outlets.
    fn assemble(regions: RegionTree, outlets: Entries, catalogue: Catalogue) -> Self {
        let (index, links) = outlets.index();
        let mut dir = Directory {
            regions,
            outlets: index,
            catalogue,
            links,
            outlet_search: Default::default(),
            render_budget: Default::default(),
        };
        if dir.outlets.len() <= outlet_search::INDEX_WHILE_LOADING {
            let read = outlet_search::snapshot(&dir);
            let documents = outlet_search::documents(&dir, &read);
            let index = crate::domain::knowledge::search::SearchIndex::build(documents);
            outlet_search::install(&mut dir, index, &read);
        }
        dir
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn ranges_cover_every_rowid_once() {
        for (low, high, parts) in [(1, 1_000_026, 2), (1, 7, 3), (5, 5, 4), (3, 10, 8)] {
            let ranges = split((low, high), parts);
            assert_eq!(ranges.first().unwrap().0, low);
            assert_eq!(ranges.last().unwrap().1, high + 1);
            assert!(ranges.windows(2).all(|w| w[0].1 == w[1].0), "{ranges:?}");
            assert!(ranges.len() as i64 <= parts);
        }
    }
}
