//! Indexes a large directory's outlets for full-text search in the
//! background, once the directory is in (a small one is indexed while it
//! loads).

use std::time::Instant;

use crate::directory::outlet_search::{documents, install, snapshot, CHUNK};
use crate::domain::knowledge::search::SearchIndex;
use crate::state::AppState;

/// Builds the outlets' index off the request path: the outlets as they are
/// are taken under the directory's read lock, their documents made a chunk
/// at a time under short read locks and segmented with no lock held, and the
/// index put in place under the write lock with the outlets that changed
/// meanwhile. A chunk at a time, not all documents at once: a million
/// documents made first were some 300 MB freed only at the end, and the
/// process kept most of it.
///
/// It runs on a thread of its own, not the runtime's blocking pool, because
/// the runtime waits for its blocking tasks when it stops: a replica told to
/// stop while indexing a million outlets kept running for over a minute.
pub fn spawn(state: AppState) {
    if state.directory().outlet_search.is_ready() {
        return;
    }
    let build = move || {
        let started = Instant::now();
        let read = snapshot(&state.directory());
        let (mut index, mut longest_lock) = (SearchIndex::default(), 0);
        for chunk in read.chunks(CHUNK) {
            let locked = Instant::now();
            let documents = documents(&state.directory(), chunk);
            longest_lock = longest_lock.max(locked.elapsed().as_micros() as u64);
            index.add(documents);
        }
        index.shrink_to_fit();
        install(&mut state.directory_mut(), index, &read);
        tracing::info!(
            outlets = read.len(),
            ms = started.elapsed().as_millis() as u64,
            longest_lock_us = longest_lock,
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
