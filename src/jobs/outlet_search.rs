//! Indexes a large directory's outlets for full-text search in the
//! background, once the directory is in (a small one is indexed while it
//! loads).

use std::time::Instant;

use crate::directory::outlet_search::{documents, install};
use crate::domain::knowledge::search::SearchIndex;
use crate::state::AppState;

/// Builds the outlets' index off the request path: the documents are read
/// under the directory's read lock, segmented with no lock held, and put in
/// place under the write lock with the outlets that changed meanwhile. It
/// runs on a thread of its own, not the runtime's blocking pool, because the
/// runtime waits for its blocking tasks when it stops: a replica told to stop
/// while indexing a million outlets kept running for over a minute.
pub fn spawn(state: AppState) {
    if state.directory().outlet_search.is_ready() {
        return;
    }
    let build = move || {
        let started = Instant::now();
        let (documents, read) = documents(&state.directory());
        let index = SearchIndex::build(documents);
        install(&mut state.directory_mut(), index, &read);
        tracing::info!(
            outlets = read.len(),
            ms = started.elapsed().as_millis() as u64,
            "outlet search index built"
        );
    };
    if let Err(e) = std::thread::Builder::new()
        .name("outlet-search".into())
        .spawn(build)
    {
        tracing::error!(error = %e, "could not start indexing the outlets for search");
    }
}
