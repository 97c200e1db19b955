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

/// JSON object members in three runs, without braces: the members before the
/// per-request ones (`head`), the `location` value in WGS-84 (the default
/// coordinate system, so most answers use it as it is), and the members after
/// the per-request ones (`tail`).
#[derive(Debug)]
pub struct CachedJson {
    json: Box<str>,
    head_len: usize,
    location_len: usize,
}

impl CachedJson {
    /// Joins the three runs.
    pub fn new(head: &str, wgs84_location: &str, tail: &str) -> Self {
        Self {
            head_len: head.len(),
            location_len: wgs84_location.len(),
            json: format!("{head}{wgs84_location}{tail}").into_boxed_str(),
        }
    }

    /// The three runs: head, WGS-84 location, tail.
    pub fn parts(&self) -> (&str, &str, &str) {
        let (head, rest) = self.json.split_at(self.head_len);
        let (location, tail) = rest.split_at(self.location_len);
        (head, location, tail)
    }
}
