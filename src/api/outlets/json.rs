//! Nearest answers written from JSON rendered once per outlet version.
//!
//! Building an [`OutletDto`] and serialising it was about a third of the
//! server's time per nearest request (ten outlets, ~7 KB). All but three of an
//! outlet's fields are the same for every request, so they are rendered the
//! first time the outlet is shown and kept with it in the directory (a change
//! replaces the entry, and with it the rendering). Per request only
//! `location` (coordinate system), `opening` (time) and `distance_m` are
//! written. The output is byte-for-byte what serialising `Page<OutletDto>`
//! gives; a test holds the two together.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::api::http::dto::Location;
use crate::api::outlets::dto::OutletDto;
use crate::directory::entry::{CachedJson, IndexedOutlet};
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};

/// [`OutletDto`]'s members before `location`, in its order.
#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    kind: OutletKind,
    tier: Tier,
    region_code: &'a str,
    parent_id: Option<&'a str>,
    address: &'a str,
}

/// [`OutletDto`]'s members from `phones` to `version`, in its order.
#[derive(Serialize)]
struct Tail<'a> {
    phones: &'a [String],
    email: Option<&'a str>,
    website: Option<&'a str>,
    status: OutletStatus,
    status_note: Option<&'a str>,
    note: Option<&'a str>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    verified_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    updated_at: DateTime<Utc>,
    version: i64,
}

/// The members of a struct's JSON object, without the braces.
fn members(value: &impl Serialize) -> String {
    let mut json = serde_json::to_string(value).expect("outlet fields serialize");
    json.pop();
    json.remove(0);
    json
}

/// Renders the fixed members of `o`.
fn render(o: &Outlet) -> CachedJson {
    let head = members(&Head {
        id: &o.id,
        name: &o.name,
        name_en: o.name_en.as_deref(),
        kind: o.kind,
        tier: o.tier,
        region_code: &o.region_code,
        parent_id: o.parent_id.as_deref(),
        address: &o.address,
    });
    let tail = members(&Tail {
        phones: &o.phones,
        email: o.email.as_deref(),
        website: o.website.as_deref(),
        status: o.status,
        status_note: o.status_note.as_deref(),
        note: o.note.as_deref(),
        verified_at: o.verified_at,
        created_at: o.created_at,
        updated_at: o.updated_at,
        version: o.version,
    });
    CachedJson::new(&head, &tail)
}

/// One outlet of a nearest answer.
pub struct NearestItem<'a> {
    /// The outlet, with its rendering cache.
    pub outlet: &'a IndexedOutlet,
    /// Great-circle distance from the query point, in metres.
    pub distance_m: f64,
}

impl NearestItem<'_> {
    /// The distance as answers show it: to 0.1 m.
    fn rounded_distance_m(&self) -> f64 {
        (self.distance_m * 10.0).round() / 10.0
    }
}

fn push_json(out: &mut Vec<u8>, value: &impl Serialize) {
    serde_json::to_writer(&mut *out, value).expect("values serialize to memory");
}

/// The JSON of `Page<OutletDto>` for these items, as [`OutletDto::with_opening`]
/// with `distance_m` (rounded to 0.1 m) would serialise it.
pub fn nearest_page(
    items: &[NearestItem<'_>],
    next_cursor: Option<&str>,
    (sys, dir, now): (CoordSys, &Directory, DateTime<Utc>),
) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + items.len() * 800);
    out.extend_from_slice(b"{\"items\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let o = item.outlet;
        let (head, tail) = o.json.get_or_init(|| render(o)).parts();
        out.push(b'{');
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b",\"location\":");
        push_json(&mut out, &Location::from_wgs84(o.location, sys));
        out.push(b',');
        out.extend_from_slice(tail.as_bytes());
        out.extend_from_slice(b",\"opening\":");
        let opening = dir.opening(o, now);
        push_json(
            &mut out,
            &opening.map(crate::api::catalogue::hours::OpeningDto::from),
        );
        out.extend_from_slice(b",\"distance_m\":");
        push_json(&mut out, &item.rounded_distance_m());
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"next_cursor\":");
    push_json(&mut out, &next_cursor);
    out.push(b'}');
    out
}

/// What the DTO path gives for the same items (the GeoJSON answer uses it).
pub fn nearest_dtos(
    items: &[NearestItem<'_>],
    (sys, dir, now): (CoordSys, &Directory, DateTime<Utc>),
) -> Vec<OutletDto> {
    items
        .iter()
        .map(|item| OutletDto {
            distance_m: Some(item.rounded_distance_m()),
            ..OutletDto::with_opening(item.outlet, sys, dir, now)
        })
        .collect()
}

#[cfg(test)]
#[path = "json_tests.rs"]
pub(crate) mod tests;
