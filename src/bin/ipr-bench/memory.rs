//! Where the directory's memory goes: the bytes each part of a loaded
//! directory holds, per outlet, measured with the counting allocator.

use std::time::Instant;

use ipr_service::config::DatabaseUrl;
use ipr_service::db::{self, connect_pool};
use ipr_service::directory::links::Links;
use ipr_service::directory::{outlet_search, Directory, IndexedOutlet};
use ipr_service::domain::knowledge::search::SearchIndex;
use ipr_service::domain::spatial::SpatialIndex;
use stats_alloc::Region;

use crate::GLOBAL;

/// Bytes still held since `region` began.
fn held(region: &Region<'_, std::alloc::System>) -> i64 {
    let c = region.change();
    c.bytes_allocated as i64 - c.bytes_deallocated as i64
}

/// Loads the outlets of `url` part by part and prints each part's bytes per outlet.
pub fn run(url: &str) -> anyhow::Result<()> {
    // Before anything else segments text: the dictionary loads on first use.
    let region = Region::new(GLOBAL);
    ipr_service::domain::knowledge::text::terms("知识产权公共服务");
    println!(
        "word-segmentation dictionary (once per process): {:.1} MiB",
        held(&region) as f64 / 1_048_576.0
    );
    let url: DatabaseUrl = url.parse()?;
    let pool = connect_pool(&url, 4)?;
    let started = Instant::now();
    let region = Region::new(GLOBAL);
    let dir = Directory::load_in_parallel(&pool)?;
    let (ms, bytes) = (started.elapsed().as_millis(), held(&region));
    let n = dir.outlets.len();
    println!(
        "{n} outlets loaded in {ms} ms, holding {:.0} bytes per outlet",
        bytes as f64 / n as f64
    );
    let text_bytes: usize = dir.outlets.payloads().map(|o| o.text_bytes()).sum();
    println!(
        "  texts: {:.1} bytes an outlet in their allocation ({})",
        text_bytes as f64 / n.max(1) as f64,
        if ipr_service::directory::outlet_texts::codec::trained() {
            "symbol table trained"
        } else {
            "no symbol table"
        }
    );
    drop(dir);
    let mut conn = pool.get()?;
    let started = Instant::now();
    let region = Region::new(GLOBAL);
    let rows = db::outlets::load_all(&mut conn)?;
    let n = rows.len().max(1) as f64;
    let read_ms = started.elapsed().as_millis();
    // Pushed, not collected: collecting would reuse the rows' buffer in place
    // and count it with the records.
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        entries.push(ipr_service::directory::load::entry(row)?);
    }
    let records = held(&region);
    let region = Region::new(GLOBAL);
    let index = SpatialIndex::bulk_load(entries);
    let indexed = held(&region);
    let region = Region::new(GLOBAL);
    let links = Links::build(index.payloads());
    let links_bytes = held(&region);
    let mut dir = Directory::default();
    dir.outlets = index;
    let region = Region::new(GLOBAL);
    let read = outlet_search::snapshot(&dir);
    let mut search = SearchIndex::default();
    for chunk in read.chunks(outlet_search::CHUNK) {
        search.add(outlet_search::documents(&dir, chunk));
    }
    search.shrink_to_fit();
    drop(read);
    let search_bytes = held(&region);
    let search_us = search_time(&search);
    let per = |b: i64| b as f64 / n;
    println!("{n} outlets read in {read_ms} ms; bytes per outlet:");
    println!(
        "  records (IndexedOutlet, {} bytes each, its texts and id) {:>8.0}",
        std::mem::size_of::<IndexedOutlet>(),
        per(records)
    );
    println!("  spatial tree and id map    {:>8.0}", per(indexed));
    println!("  links (region, parent)     {:>8.0}", per(links_bytes));
    println!("  full-text index            {:>8.0}", per(search_bytes));
    let (terms, postings, bytes) = search.posting_counts();
    println!(
        "    {terms} terms, {:.1} postings an outlet in {:.1} bytes",
        postings as f64 / n,
        bytes as f64 / n
    );
    for (query, us) in search_us {
        println!("  search {query}: {us:.0} µs (best of 5)");
    }
    drop((search, links, dir));
    Ok(())
}

/// Queries from common to rare, and the best of five times of each over the
/// full-text index (no filter, ten results).
fn search_time(index: &SearchIndex) -> Vec<(&'static str, f64)> {
    [
        "知识产权服务",
        "商标受理窗口",
        "维权援助",
        "太原市",
        "合成12345",
    ]
    .into_iter()
    .map(|query| {
        let best = (0..5)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(index.search(query, 10, |_| Some(1.0)));
                started.elapsed().as_secs_f64() * 1e6
            })
            .fold(f64::INFINITY, f64::min);
        (query, best)
    })
    .collect()
}
