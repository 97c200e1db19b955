//! Nearest answers written from JSON rendered once per outlet version.
//!
//! Building an [`OutletDto`] and serialising it was about a third of the
//! server's time per nearest request (ten outlets, ~7 KB). All but three of an
//! outlet's fields are the same for every request, so they are rendered the
//! first time the outlet is shown and kept with it in the directory (a change
//! replaces the entry, and with it the rendering, which includes the location
//! in WGS-84). Per request only `opening` (time), `distance_m` and, in another
//! coordinate system, `location` are written. The output is byte-for-byte what serialising `Page<OutletDto>`
//! gives; a test holds the two together.

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, SecondsFormat, Timelike, Utc};
use serde::Serialize;

use crate::api::http::dto::Location;
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::fields::Member;
use crate::directory::catalogue::OpeningNow;
use crate::directory::entry::{CachedJson, IndexedOutlet};
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
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
    phones: &'a [&'a str],
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

/// Where a fixed member's value is in the rendering: in the tail (or the
/// head), and its place there, as [`Head`] and [`Tail`] order them.
pub(crate) fn rendered_place(member: Member) -> Option<(bool, usize)> {
    const HEAD: [Member; 8] = [
        Member::Id,
        Member::Name,
        Member::NameEn,
        Member::Kind,
        Member::Tier,
        Member::RegionCode,
        Member::ParentId,
        Member::Address,
    ];
    const TAIL: [Member; 10] = [
        Member::Phones,
        Member::Email,
        Member::Website,
        Member::Status,
        Member::StatusNote,
        Member::Note,
        Member::VerifiedAt,
        Member::CreatedAt,
        Member::UpdatedAt,
        Member::Version,
    ];
    let place = |run: &[Member]| run.iter().position(|m| *m == member);
    (place(&HEAD).map(|i| (false, i))).or_else(|| place(&TAIL).map(|i| (true, i)))
}

/// Renders the fixed members of `o`.
pub(crate) fn render(o: &IndexedOutlet) -> CachedJson {
    let d = o.details();
    let head = members(&Head {
        id: o.id(),
        name: d.name(),
        name_en: d.name_en(),
        kind: o.kind(),
        tier: o.tier(),
        region_code: o.region_code(),
        parent_id: o.parent_id(),
        address: d.address(),
    });
    let tail = members(&Tail {
        phones: &d.phones().collect::<Vec<_>>(),
        email: d.email(),
        website: d.website(),
        status: o.status(),
        status_note: d.status_note(),
        note: d.note(),
        verified_at: o.verified_at(),
        created_at: o.created_at(),
        updated_at: o.updated_at(),
        version: o.version(),
    });
    let location = serde_json::to_string(&Location::from_wgs84(o.location(), CoordSys::Wgs84))
        .expect("a location serializes");
    CachedJson::new(&head, &location, &tail)
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
    pub(crate) fn rounded_distance_m(&self) -> f64 {
        (self.distance_m * 10.0).round() / 10.0
    }
}

/// Appends `value` as JSON.
pub(crate) fn push_json(out: &mut Vec<u8>, value: &impl Serialize) {
    serde_json::to_writer(&mut *out, value).expect("values serialize to memory");
}

/// `opening` as [`OpeningDto`] serialises it, written directly: serde wrote
/// the times through `collect_str` and escaped them, per outlet per answer.
///
/// [`OpeningDto`]: crate::api::catalogue::hours::OpeningDto
pub(crate) fn push_opening(out: &mut Vec<u8>, opening: Option<&OpeningNow>) {
    let Some(o) = opening else {
        out.extend_from_slice(b"null");
        return;
    };
    out.extend_from_slice(match o.open_now {
        Some(true) => b"{\"open_now\":true",
        Some(false) => b"{\"open_now\":false",
        None => b"{\"open_now\":null",
    });
    out.extend_from_slice(b",\"next_open_at\":");
    match o.next_open_at {
        Some(t) => push_time(out, t),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"today\":");
    let Some(today) = &o.today else {
        out.extend_from_slice(b"null}");
        return;
    };
    out.push(b'[');
    for (i, interval) in today.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"opens\":\"");
        push_hhmm(out, interval.opens);
        out.extend_from_slice(b"\",\"closes\":\"");
        push_hhmm(out, interval.closes);
        out.extend_from_slice(b"\"}");
    }
    out.extend_from_slice(b"]}");
}

/// Two decimal digits.
fn push_2(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&[b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]);
}

/// `HH:MM`.
fn push_hhmm(out: &mut Vec<u8>, t: NaiveTime) {
    push_2(out, t.hour());
    out.push(b':');
    push_2(out, t.minute());
}

/// A quoted RFC 3339 time as chrono's serde writes it. Opening times are
/// whole minutes in China Standard Time, written digit by digit; anything
/// else goes through chrono.
fn push_time(out: &mut Vec<u8>, t: DateTime<FixedOffset>) {
    out.push(b'"');
    let year = t.year();
    if t.nanosecond() == 0
        && t.offset().local_minus_utc() == 8 * 3600
        && (1000..10000).contains(&year)
    {
        push_2(out, year as u32 / 100);
        push_2(out, year as u32 % 100);
        for (sep, n) in [(b'-', t.month()), (b'-', t.day()), (b'T', t.hour())] {
            out.push(sep);
            push_2(out, n);
        }
        for n in [t.minute(), t.second()] {
            out.push(b':');
            push_2(out, n);
        }
        out.extend_from_slice(b"+08:00");
    } else {
        out.extend_from_slice(t.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes());
    }
    out.push(b'"');
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
        let fresh;
        let json = match o.rendered(dir.render_budget, render) {
            Some(kept) => kept,
            None => {
                fresh = render(o);
                &fresh
            }
        };
        let (head, wgs84_location, tail) = json.parts();
        out.push(b'{');
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b",\"location\":");
        match sys {
            CoordSys::Wgs84 => out.extend_from_slice(wgs84_location.as_bytes()),
            _ => push_json(&mut out, &Location::from_wgs84(o.location(), sys)),
        }
        out.push(b',');
        out.extend_from_slice(tail.as_bytes());
        out.extend_from_slice(b",\"opening\":");
        push_opening(&mut out, dir.opening((o.id(), o.status()), now).as_ref());
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
            ..OutletDto::with_opening(&item.outlet.to_outlet(), sys, dir, now)
        })
        .collect()
}

#[cfg(test)]
#[path = "json_tests.rs"]
pub(crate) mod tests;
