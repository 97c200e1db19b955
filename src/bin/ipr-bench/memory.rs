//! Where the directory's memory goes: the bytes each part of a loaded
//! directory holds, per outlet, measured with the counting allocator.

use std::sync::Arc;
use std::time::Instant;

use ipr_service::config::DatabaseUrl;
use ipr_service::db::{self, connect_pool};
use ipr_service::directory::links::Links;
use ipr_service::directory::{outlet_search, Directory, IndexedOutlet};
use ipr_service::domain::knowledge::search::SearchIndex;
use ipr_service::domain::outlet::Outlet;
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
    drop(dir);
    let mut conn = pool.get()?;
    let started = Instant::now();
    let region = Region::new(GLOBAL);
    let rows = db::outlets::load_all(&mut conn)?;
    let n = rows.len().max(1) as f64;
    let (rows_bytes, read_ms) = (held(&region), started.elapsed().as_millis());
    let region = Region::new(GLOBAL);
    let outlets: Vec<Outlet> = rows
        .into_iter()
        .map(Outlet::try_from)
        .collect::<anyhow::Result<_>>()?;
    let records = held(&region) + rows_bytes;
    let region = Region::new(GLOBAL);
    let entries: Vec<_> = (outlets.into_iter())
        .map(|o| {
            let id: Arc<str> = o.id.as_str().into();
            (id, o.location, Arc::new(IndexedOutlet::new(o)))
        })
        .collect();
    let links = Links::build(entries.iter().map(|(id, _, o)| (id, &***o)));
    let index = SpatialIndex::bulk_load(entries);
    let indexed = held(&region);
    let region = Region::new(GLOBAL);
    let links_again = Links::build(
        index
            .payloads()
            .map(|o| (index.shared_id(&o.id).unwrap(), &***o)),
    );
    let links_bytes = held(&region);
    drop(links_again);
    let mut dir = Directory::default();
    dir.outlets = index;
    let region = Region::new(GLOBAL);
    let (documents, _) = outlet_search::documents(&dir);
    let search = SearchIndex::build(documents);
    let search_bytes = held(&region);
    let per = |b: i64| b as f64 / n;
    println!("{n} outlets read in {read_ms} ms; bytes per outlet:");
    println!("  records (Outlet)           {:>8.0}", per(records));
    println!(
        "  entry, id and spatial tree {:>8.0}",
        per(indexed - links_bytes)
    );
    println!("  links (region, parent)     {:>8.0}", per(links_bytes));
    println!("  full-text index            {:>8.0}", per(search_bytes));
    drop((search, links, dir));
    Ok(())
}
