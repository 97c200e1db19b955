//! An outlet as the directory holds it, with room for the request-independent
//! JSON the API renders the first time the outlet appears in an answer.

use std::ops::Deref;
use std::sync::OnceLock;

use crate::domain::outlet::Outlet;

/// An outlet and its cached JSON. Entries are replaced, never changed, so the
/// cache always belongs to this version of the outlet.
#[derive(Debug)]
pub struct IndexedOutlet {
    outlet: Outlet,
    /// Filled on first use by the API's renderer.
    pub json: OnceLock<CachedJson>,
}

impl IndexedOutlet {
    /// An entry for `outlet`, with nothing cached yet.
    pub fn new(outlet: Outlet) -> Self {
        Self {
            outlet,
            json: OnceLock::new(),
        }
    }
}

impl Deref for IndexedOutlet {
    type Target = Outlet;

    fn deref(&self) -> &Outlet {
        &self.outlet
    }
}

/// JSON object members in two runs, without braces: the members before the
/// per-request ones (`head`) and those after them.
#[derive(Debug)]
pub struct CachedJson {
    json: Box<str>,
    head_len: usize,
}

impl CachedJson {
    /// Joins the two runs with a comma.
    pub fn new(head: &str, tail: &str) -> Self {
        Self {
            head_len: head.len(),
            json: format!("{head},{tail}").into_boxed_str(),
        }
    }

    /// The two runs.
    pub fn parts(&self) -> (&str, &str) {
        let (head, tail) = self.json.split_at(self.head_len);
        (head, &tail[1..])
    }
}
