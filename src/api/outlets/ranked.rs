//! `q=` on the outlet list: the outlets the search engine finds for the
//! words (name, kind, the matters offered, address), best first, paged by
//! position.

use serde::{Deserialize, Serialize};

use crate::api::http::params::{decode_cursor, search_text};
use crate::db::outlets::OutletRow;
use crate::directory::Directory;
use crate::domain::cursor::encode;
use crate::error::AppError;

/// The most outlets a search lists (its best matches).
pub const MAX_FOUND: usize = 1_000;

/// Where a page of a ranked list starts.
#[derive(Debug, Serialize, Deserialize)]
pub struct Offset {
    /// Results before this page.
    pub offset: usize,
}

/// The ids of the outlets found for `q`, best first.
pub fn ids(dir: &Directory, q: &str) -> Result<Vec<String>, AppError> {
    let text = search_text(q)?;
    let found = dir
        .outlet_search
        .search(dir, text, MAX_FOUND, |_| Some(1.0));
    Ok(found.into_iter().map(|(o, _)| o.id().to_owned()).collect())
}

/// The results before the page asked for by `cursor`.
pub fn offset(cursor: Option<&str>) -> Result<usize, AppError> {
    Ok(decode_cursor::<Offset>(cursor)?.map_or(0, |o| o.offset))
}

/// Only the ids in both lists, in the order of `ranked`.
pub fn intersect(ranked: Vec<String>, only: Option<Vec<String>>) -> Vec<String> {
    match only {
        None => ranked,
        Some(only) => {
            let only: std::collections::HashSet<String> = only.into_iter().collect();
            ranked.into_iter().filter(|id| only.contains(id)).collect()
        }
    }
}

/// One page of `rows` (those that passed the other filters) in the order of
/// `ranked`, and the cursor of the next page.
pub fn page(
    mut rows: Vec<OutletRow>,
    ranked: &[String],
    (offset, limit): (usize, usize),
) -> (Vec<OutletRow>, Option<String>) {
    let position: std::collections::HashMap<&str, usize> = (ranked.iter().enumerate())
        .map(|(n, id)| (id.as_str(), n))
        .collect();
    rows.sort_by_key(|r| position.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
    let more = rows.len() > offset + limit;
    let page = rows.into_iter().skip(offset).take(limit).collect();
    let next = more.then(|| {
        encode(&Offset {
            offset: offset + limit,
        })
    });
    (page, next)
}
