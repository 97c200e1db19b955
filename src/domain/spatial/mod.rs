//! In-memory nearest-neighbour index over points on the Earth.
//!
//! Points are stored as unit vectors: those the index is built with in a
//! packed R-tree ([`packed`]), those inserted later in an R*-tree. Euclidean
//! (chord) order in 3-D is exactly great-circle order, so the two trees'
//! nearest walks, merged, give the points by increasing great-circle distance
//! with no projection error. Filters
//! are applied while walking, so a page of a rare kind still holds the nearest
//! items of that kind. Results are ordered by (haversine distance, id).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rstar::{PointDistance, RStarInsertionStrategy, RTree, RTreeObject, RTreeParams, AABB};

use super::point::LngLat;
pub use nearest::{Hit, NearestQuery};
use packed::{PackedTree, TreePoint};

mod nearest;
mod packed;

/// Changes to the points since the packed tree was built below which it is
/// never built again.
const REBUILD_FROM: usize = 4096;

fn unit_f32(p: LngLat) -> [f32; 3] {
    p.unit_vector().map(|c| c as f32)
}

impl RTreeObject for TreePoint {
    type Envelope = AABB<[f32; 3]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.xyz)
    }
}

impl PointDistance for TreePoint {
    fn distance_2(&self, p: &[f32; 3]) -> f32 {
        TreePoint::distance_2(self, p)
    }
}

/// Nodes of up to 16 children instead of rstar's 6: fewer levels, each a short
/// contiguous scan. Measured with `ipr-bench index` (when the whole index was
/// an rstar tree): kind-filtered searches 15-30 % faster, 8-10 % less
/// memory, unfiltered searches the same.
#[derive(Debug)]
struct TreeParams;

impl RTreeParams for TreeParams {
    const MIN_SIZE: usize = 6;
    const MAX_SIZE: usize = 16;
    const REINSERTION_COUNT: usize = 5;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// What the index holds: an item that knows its own id and position, so the
/// index keeps no copy of either (the id map finds items by hashing the id
/// the item gives; the nearest walk measures distances from the position it
/// gives). A slot is then the item alone: 8 bytes for a shared outlet where
/// the position beside it took 24, 16 MB at a million outlets.
pub trait Keyed {
    /// The item's id, unique in the index.
    fn key(&self) -> &str;
    /// Where the item is.
    fn position(&self) -> LngLat;
}

impl<T: Keyed + ?Sized> Keyed for Arc<T> {
    fn key(&self) -> &str {
        (**self).key()
    }

    fn position(&self) -> LngLat {
        (**self).position()
    }
}

/// An id and a position with a value, e.g. `(String, LngLat, OutletKind)`.
impl<K: AsRef<str>, V> Keyed for (K, LngLat, V) {
    fn key(&self) -> &str {
        self.0.as_ref()
    }

    fn position(&self) -> LngLat {
        self.1
    }
}

/// Points with payloads, searchable by great-circle distance.
#[derive(Debug)]
pub struct SpatialIndex<T> {
    /// The points the index was built with (f32 unit vectors, 16 bytes with
    /// the slot, so more of the tree stays in cache).
    packed: PackedTree,
    /// Points inserted since, in a tree that takes insertions.
    added: RTree<TreePoint, TreeParams>,
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    /// Slots by their item's id: 5 bytes a bucket, where a map keyed by a
    /// shared id took 25 and the id itself another 48 (measured at a
    /// million outlets with `ipr-bench directory-memory`).
    by_id: HashTable<u32>,
    hasher: IdHasher,
}

/// Ids are ours (the database's keys), so the map hashes them with foldhash
/// rather than SipHash (about 5 % of loading a million outlets, by `perf`).
type IdHasher = foldhash::fast::RandomState;

impl<T> Default for SpatialIndex<T> {
    fn default() -> Self {
        Self {
            packed: PackedTree::default(),
            added: RTree::new_with_params(),
            slots: Vec::new(),
            free: Vec::new(),
            by_id: HashTable::new(),
            hasher: IdHasher::default(),
        }
    }
}

impl<T: Keyed> SpatialIndex<T> {
    /// Builds the index in one pass (bulk loading is much faster than
    /// inserts). Of two items with one id, the later is kept.
    pub fn bulk_load(items: impl IntoIterator<Item = T>) -> Self {
        let items = items.into_iter();
        let mut index = Self {
            slots: Vec::with_capacity(items.size_hint().0),
            by_id: HashTable::with_capacity(items.size_hint().0),
            ..Self::default()
        };
        for payload in items {
            let slot = index.slots.len() as u32;
            if let Some(old) = index.take_slot(payload.key()) {
                index.slots[old as usize] = None;
            }
            index.link(payload.key(), slot);
            index.slots.push(Some(payload));
        }
        index.pack();
        index
    }

    /// Builds the packed tree from every filled slot, leaving rstar's tree
    /// empty, and numbers the slots in the packed tree's order.
    fn pack(&mut self) {
        let points = (self.slots.iter().enumerate())
            .filter_map(|(slot, item)| {
                let xyz = unit_f32(item.as_ref()?.position());
                Some(TreePoint {
                    xyz,
                    slot: slot as u32,
                })
            })
            .collect();
        self.packed = PackedTree::new(points);
        self.added = RTree::new_with_params();
        self.number_slots_in_tree_order();
    }

    /// Renumbers the slots in the packed tree's order, so that the nearest
    /// walk reads nearby points' slots from nearby memory: the miss on each
    /// candidate's slot was 80 % of a rare kind's search (`perf`, `ipr-bench
    /// index` at a million). Slots emptied by repeated ids go. (Moving the
    /// slots in place, cycle by cycle, saved no resident memory and took
    /// 0.2 s longer at a million.)
    fn number_slots_in_tree_order(&mut self) {
        let previous = self.packed.number_in_order();
        let mut renumbered = vec![0; self.slots.len()];
        for (new, &old) in previous.iter().enumerate() {
            renumbered[old as usize] = new as u32;
        }
        let mut slots = std::mem::take(&mut self.slots);
        self.slots = (previous.iter())
            .map(|&old| slots[old as usize].take())
            .collect();
        for slot in self.by_id.iter_mut() {
            *slot = renumbered[*slot as usize];
        }
        self.free.clear();
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Bytes the index itself holds (trees, slots and id map; not what the
    /// payloads point to), estimated from capacities: rstar holds each point
    /// in a node as large as a parent, and its parents cost about a quarter
    /// more.
    pub fn index_bytes(&self) -> usize {
        use std::mem::size_of;
        let added = self.added.size() * size_of::<rstar::RTreeNode<TreePoint>>() * 5 / 4;
        let tree = self.packed.bytes() + added;
        let slots = self.slots.capacity() * size_of::<Option<T>>();
        // hashbrown keeps a power of two of buckets, each a slot and a control byte.
        let buckets = (self.by_id.capacity() * 8 / 7).next_power_of_two();
        tree + slots + buckets * (size_of::<u32>() + 1) + self.free.capacity() * size_of::<u32>()
    }

    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// Whether a slot number in the id map is where `id` is.
    fn holds<'a>(slots: &'a [Option<T>], id: &'a str) -> impl Fn(&u32) -> bool + 'a {
        move |&s| (slots[s as usize].as_ref()).is_some_and(|x| x.key() == id)
    }

    /// The slot holding `id`.
    fn slot_of(&self, id: &str) -> Option<u32> {
        let holds = Self::holds(&self.slots, id);
        self.by_id.find(self.hash(id), holds).copied()
    }

    /// Forgets where `id` is, returning the slot it was in.
    fn take_slot(&mut self, id: &str) -> Option<u32> {
        let hash = self.hash(id);
        let holds = Self::holds(&self.slots, id);
        let (slot, _) = self.by_id.find_entry(hash, holds).ok()?.remove();
        Some(slot)
    }

    /// Records that `id` is in `slot` (not yet filled: the id is hashed
    /// here, and items already there are hashed from their slots).
    fn link(&mut self, id: &str, slot: u32) {
        let hash = self.hash(id);
        let (slots, hasher) = (&self.slots, &self.hasher);
        let rehash = |&s: &u32| {
            let item = slots[s as usize].as_ref().expect("linked slots are filled");
            hasher.hash_one(item.key())
        };
        self.by_id.insert_unique(hash, slot, rehash);
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every payload, in no particular order.
    pub fn payloads(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten()
    }

    /// The payload stored under `id`.
    pub fn get(&self, id: &str) -> Option<&T> {
        let slot = self.slot_of(id)?;
        self.slots[slot as usize].as_ref()
    }

    /// Inserts the item, or replaces the one with its id.
    pub fn upsert(&mut self, payload: T) {
        self.remove(payload.key());
        let slot = self.free.pop().unwrap_or(self.slots.len() as u32);
        self.link(payload.key(), slot);
        let position = payload.position();
        let entry = Some(payload);
        match self.slots.get_mut(slot as usize) {
            Some(s) => *s = entry,
            None => self.slots.push(entry),
        }
        self.added.insert(TreePoint {
            xyz: unit_f32(position),
            slot,
        });
        self.rebuild_when_changed_much();
    }

    /// Builds the packed tree again once the points changed since it was
    /// built (those inserted into rstar's tree and those marked removed in
    /// it) reach a quarter of it, and at least [`REBUILD_FROM`]: a replica
    /// that runs for long under many changes would otherwise drift back to
    /// rstar's cost for the outlets that changed. At a million outlets,
    /// building takes about 0.3 s (`ipr-bench index`; a rebuild also reads
    /// each item's position, not timed), once every 250,000 changes.
    fn rebuild_when_changed_much(&mut self) {
        let changed = self.added.size() + self.packed.removed();
        if changed < REBUILD_FROM.max(self.packed.len() / 4) {
            return;
        }
        self.pack();
    }

    /// Removes the item with this id, returning its payload.
    pub fn remove(&mut self, id: &str) -> Option<T> {
        let slot = self.take_slot(id)?;
        let old = self.slots[slot as usize].take()?;
        let point = TreePoint {
            xyz: unit_f32(old.position()),
            slot,
        };
        if self.added.remove(&point).is_none() {
            self.packed.remove(&point);
        }
        self.free.push(slot);
        self.rebuild_when_changed_much();
        Some(old)
    }
}

#[cfg(test)]
mod tests;
