//! An outlet as the directory holds it: a compact record (its texts in one
//! allocation, the details in their shortest form), with room for the
//! request-independent JSON the API renders the first time the outlet
//! appears in an answer.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use once_cell::race::OnceBox;

pub use super::cached_json::CachedJson;
use super::outlet_texts::{Details, OutletTexts, DETAILS};
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::spatial::Keyed;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};

/// The keys of an outlet in the order they are stored.
#[derive(Debug, Clone, Copy)]
enum Key {
    Id,
    RegionCode,
    ParentId,
}

/// An outlet and its cached JSON. Entries are replaced, never changed, so the
/// cache always belongs to this version of the outlet.
///
/// At a million outlets, `Outlet` itself (a `String` or `Option<String>` per
/// text, each its own allocation) held 592 bytes per outlet; this record with
/// its texts in one allocation held 317, and holds 190 with its details in
/// their shortest form and the record at 72 bytes (synthetic outlets,
/// `ipr-bench directory-memory`, which counts the loader's list of entries
/// with them: 8 bytes an entry).
#[derive(Debug)]
pub struct IndexedOutlet {
    texts: OutletTexts,
    location: LngLat,
    kind: OutletKind,
    tier: Tier,
    status: OutletStatus,
    /// Nanoseconds since 1970, [`NEVER`] for none: 8 bytes where chrono's
    /// `Option<DateTime<Utc>>` takes 12 or 16, and nothing is lost.
    verified_at: i64,
    created_at: i64,
    updated_at: i64,
    /// 32 bits: an outlet changed every second would reach the limit in
    /// 136 years, and with it the record takes 72 bytes, 96 in glibc's
    /// chunk with its shared count instead of 112.
    version: u32,
    /// Filled on first use by the API's renderer (see [`Self::rendered`]);
    /// one pointer, so an outlet that never appears in an answer spends 8
    /// bytes on it. Two first answers at once may both render it; one result
    /// is kept.
    json: OnceBox<CachedJson>,
}

/// Outlets of this process whose rendered JSON is kept (entries of every
/// directory in it: a test process runs several servers).
static KEPT_RENDERINGS: AtomicUsize = AtomicUsize::new(0);

/// How many outlets may keep their rendered JSON (about 600 bytes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderBudget(pub usize);

impl RenderBudget {
    /// [`crate::config::DEFAULT_RENDER_CACHE_OUTLETS`].
    pub const DEFAULT: RenderBudget = RenderBudget(crate::config::DEFAULT_RENDER_CACHE_OUTLETS);
}

impl Default for RenderBudget {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Drop for IndexedOutlet {
    fn drop(&mut self) {
        if self.json.get().is_some() {
            KEPT_RENDERINGS.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// `verified_at` of an outlet never verified.
const NEVER: i64 = i64::MIN;

/// A time as nanoseconds since 1970, or an error naming the outlet for one
/// outside 1677–2262 (which nothing that passed validation holds).
fn nanos(t: DateTime<Utc>, id: &str) -> anyhow::Result<i64> {
    (t.timestamp_nanos_opt())
        .filter(|n| *n != NEVER)
        .ok_or_else(|| anyhow::anyhow!("outlet {id}: a timestamp outside 1677–2262 ({t})"))
}

fn optional(t: &Option<String>) -> &str {
    t.as_deref().unwrap_or("")
}

/// The details of `outlet` in the order they are stored, with its phones
/// joined by `\n`.
fn detail_texts<'a>(outlet: &'a Outlet, phones: &'a str) -> [&'a str; DETAILS] {
    [
        outlet.name.as_str(),
        optional(&outlet.name_en),
        &outlet.address,
        phones,
        optional(&outlet.email),
        optional(&outlet.website),
        optional(&outlet.status_note),
        optional(&outlet.note),
    ]
}

/// The details of `outlet` end to end, as a record compresses them: a sample
/// for training the symbol table.
pub fn details_sample(outlet: &Outlet) -> String {
    detail_texts(outlet, &outlet.phones.join("\n")).concat()
}

impl IndexedOutlet {
    /// An entry for `outlet`, with nothing cached yet. Fails only for texts
    /// longer together than any outlet that passed validation can have.
    pub fn new(outlet: &Outlet) -> anyhow::Result<Self> {
        let phones = outlet.phones.join("\n");
        let keys = [
            outlet.id.as_str(),
            &outlet.region_code,
            optional(&outlet.parent_id),
        ];
        let texts = OutletTexts::new(keys, detail_texts(outlet, &phones));
        let version = u32::try_from(outlet.version).map_err(|_| {
            anyhow::anyhow!(
                "outlet {}: version {} outside 0–2³²",
                outlet.id,
                outlet.version
            )
        })?;
        Ok(Self {
            texts,
            location: outlet.location,
            kind: outlet.kind,
            tier: outlet.tier,
            status: outlet.status,
            verified_at: match outlet.verified_at {
                Some(t) => nanos(t, &outlet.id)?,
                None => NEVER,
            },
            created_at: nanos(outlet.created_at, &outlet.id)?,
            updated_at: nanos(outlet.updated_at, &outlet.id)?,
            version,
            json: OnceBox::new(),
        })
    }

    /// The outlet as the domain type, for writes and the less frequent reads.
    pub fn to_outlet(&self) -> Outlet {
        let owned = |t: Option<&str>| t.map(str::to_owned);
        let d = self.details();
        Outlet {
            id: self.id().to_owned(),
            name: d.name().to_owned(),
            name_en: owned(d.name_en()),
            kind: self.kind,
            tier: self.tier,
            region_code: self.region_code().to_owned(),
            parent_id: owned(self.parent_id()),
            address: d.address().to_owned(),
            location: self.location,
            phones: d.phones().map(str::to_owned).collect(),
            email: owned(d.email()),
            website: owned(d.website()),
            status: self.status,
            status_note: owned(d.status_note()),
            note: owned(d.note()),
            verified_at: self.verified_at(),
            created_at: self.created_at(),
            updated_at: self.updated_at(),
            version: self.version(),
        }
    }

    /// The outlet's id.
    pub fn id(&self) -> &str {
        self.texts.key(Key::Id as usize)
    }

    /// Its id's bytes, which order as the id does: for sorting many outlets
    /// by id (a million are compared some 20 million times), where reading
    /// each as text checks it again.
    pub fn id_order(&self) -> &[u8] {
        self.texts.key_bytes(Key::Id as usize)
    }

    /// The code of the region it is registered in.
    pub fn region_code(&self) -> &str {
        self.texts.key(Key::RegionCode as usize)
    }

    /// Its parent outlet's id, if it has one.
    pub fn parent_id(&self) -> Option<&str> {
        Some(self.texts.key(Key::ParentId as usize)).filter(|t| !t.is_empty())
    }

    /// Its name, address, phones and other texts shown, read out of the
    /// record (decompressed when stored compressed: read them once for all
    /// the texts an answer needs).
    pub fn details(&self) -> Details<'_> {
        self.texts.details()
    }

    /// Bytes its texts hold in their allocation (for the memory benchmark).
    pub fn text_bytes(&self) -> usize {
        self.texts.heap_bytes()
    }

    /// Where it is, in WGS-84.
    pub fn location(&self) -> LngLat {
        self.location
    }

    /// Its kind.
    pub fn kind(&self) -> OutletKind {
        self.kind
    }

    /// Its tier of the network.
    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// Its status: normal, notice, limited or closed.
    pub fn status(&self) -> OutletStatus {
        self.status
    }

    /// When its details were last verified, if ever.
    pub fn verified_at(&self) -> Option<DateTime<Utc>> {
        (self.verified_at != NEVER).then(|| DateTime::from_timestamp_nanos(self.verified_at))
    }

    /// When it was created.
    pub fn created_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(self.created_at)
    }

    /// When it last changed.
    pub fn updated_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(self.updated_at)
    }

    /// Its version, raised by every change.
    pub fn version(&self) -> i64 {
        i64::from(self.version)
    }

    /// Its JSON as `render` makes it, kept with the outlet the first time
    /// while fewer outlets of this process than `budget` keep theirs; `None`
    /// once the budget is spent, and the caller writes what it needs itself.
    /// Without a bound, a replica that had shown each of a million outlets
    /// once held some 600 MB of renderings.
    pub fn rendered(
        &self,
        budget: RenderBudget,
        render: impl FnOnce(&Self) -> CachedJson,
    ) -> Option<&CachedJson> {
        if let Some(kept) = self.json.get() {
            return Some(kept);
        }
        if KEPT_RENDERINGS.load(Ordering::Relaxed) >= budget.0 {
            return None;
        }
        if self.json.set(Box::new(render(self))).is_ok() {
            KEPT_RENDERINGS.fetch_add(1, Ordering::Relaxed);
        }
        self.json.get()
    }

    /// How many outlets of this process keep their rendered JSON.
    pub fn kept_renderings() -> usize {
        KEPT_RENDERINGS.load(Ordering::Relaxed)
    }
}

impl Keyed for IndexedOutlet {
    fn key(&self) -> &str {
        self.id()
    }

    fn position(&self) -> LngLat {
        self.location
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outlet with every optional text, two phones and nanoseconds.
    fn outlet() -> Outlet {
        let t = DateTime::parse_from_rfc3339("2026-12-04T08:09:10.123456789Z")
            .unwrap()
            .to_utc();
        Outlet {
            name_en: Some("Pingyao IP service station".into()),
            kind: OutletKind::TrademarkBrandStation,
            parent_id: Some("o-0".into()),
            phones: vec!["0354-5688000".into(), "12345".into()],
            email: Some("py@example.cn".into()),
            website: Some("https://example.cn".into()),
            status: OutletStatus::Limited,
            status_note: Some("装修".into()),
            note: Some("周末不办公".into()),
            verified_at: Some(t),
            created_at: t,
            updated_at: t,
            version: 7,
            ..crate::domain::outlet::sample("o-1", "平遥县知识产权服务工作站")
        }
    }

    #[test]
    fn a_record_gives_back_the_outlet_it_was_made_from() {
        let full = outlet();
        let entry = IndexedOutlet::new(&full).unwrap();
        assert_eq!(entry.to_outlet(), full);
        let bare = Outlet {
            name_en: None,
            parent_id: None,
            phones: Vec::new(),
            email: None,
            website: None,
            status_note: None,
            note: None,
            verified_at: None,
            ..full
        };
        let entry = IndexedOutlet::new(&bare).unwrap();
        assert_eq!(entry.to_outlet(), bare);
        assert_eq!(entry.details().phones().count(), 0);
    }

    #[test]
    fn a_record_with_its_shared_count_fits_in_88_bytes() {
        // An `Arc`'s two counts and the record; glibc then takes 96 bytes
        // for it, where the previous 104 took 112.
        assert!(16 + std::mem::size_of::<IndexedOutlet>() <= 88);
    }

    #[test]
    fn times_outside_what_nanoseconds_hold_are_refused_naming_the_outlet() {
        let far = DateTime::parse_from_rfc3339("2300-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let err = IndexedOutlet::new(&Outlet {
            updated_at: far,
            ..outlet()
        })
        .unwrap_err();
        assert!(err.to_string().contains("o-1"), "{err}");
    }

    #[test]
    fn versions_outside_32_bits_are_refused_naming_the_outlet() {
        let at_limit = Outlet {
            version: u32::MAX.into(),
            ..outlet()
        };
        assert_eq!(IndexedOutlet::new(&at_limit).unwrap().to_outlet(), at_limit);
        for version in [-1, i64::from(u32::MAX) + 1] {
            let err = IndexedOutlet::new(&Outlet {
                version,
                ..outlet()
            })
            .unwrap_err();
            assert!(err.to_string().contains("o-1"), "{err}");
        }
    }
}
