//! A packed R-tree: the points an index is built with, in one array ordered
//! so that every run of [`NODE`] points is a leaf, and one bounding box for
//! each run of [`NODE`] nodes of the level below.
//!
//! rstar keeps every point inside a 48-byte node (its enum is as large as a
//! parent node with its vector and box), so a million outlets took some 50
//! bytes each for the tree; here a point takes its 16 bytes and a share of
//! the boxes (about 1.6 bytes). Points are never moved or added once built;
//! a removed point is marked and skipped, and the index keeps later
//! insertions in a tree of its own.

use std::collections::BinaryHeap;

/// Points a leaf holds, and nodes a parent holds.
pub const NODE: usize = 16;

/// The slot of a point that was removed.
const REMOVED: u32 = u32::MAX;

/// A point in the tree: its unit vector in f32 and where its data is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreePoint {
    /// The unit vector.
    pub xyz: [f32; 3],
    /// The index's slot for the item.
    pub slot: u32,
}

impl TreePoint {
    /// Squared chord distance to `p`.
    pub fn distance_2(&self, p: &[f32; 3]) -> f32 {
        (0..3).map(|i| (self.xyz[i] - p[i]).powi(2)).sum()
    }
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    min: [f32; 3],
    max: [f32; 3],
}

impl Bounds {
    const EMPTY: Bounds = Bounds {
        min: [f32::INFINITY; 3],
        max: [f32::NEG_INFINITY; 3],
    };

    fn of_points(points: &[TreePoint]) -> Bounds {
        (points.iter()).fold(Self::EMPTY, |b, p| {
            b.union(&Bounds {
                min: p.xyz,
                max: p.xyz,
            })
        })
    }

    fn union(&self, other: &Bounds) -> Bounds {
        Bounds {
            min: std::array::from_fn(|i| self.min[i].min(other.min[i])),
            max: std::array::from_fn(|i| self.max[i].max(other.max[i])),
        }
    }

    fn contains(&self, p: &[f32; 3]) -> bool {
        (0..3).all(|i| self.min[i] <= p[i] && p[i] <= self.max[i])
    }

    /// Squared distance from `p` to the nearest point of the box.
    fn distance_2(&self, p: &[f32; 3]) -> f32 {
        (0..3)
            .map(|i| {
                (self.min[i] - p[i])
                    .max(p[i] - self.max[i])
                    .max(0.0)
                    .powi(2)
            })
            .sum()
    }

    fn widest_axis(&self) -> usize {
        let extent = |i: usize| self.max[i] - self.min[i];
        (0..3).fold(0, |best, i| if extent(i) > extent(best) { i } else { best })
    }
}

/// A tree built once over a set of points.
#[derive(Debug, Default)]
pub struct PackedTree {
    points: Vec<TreePoint>,
    /// `levels[0]` bounds each leaf's points; `levels[k]` each run of
    /// [`NODE`] boxes of `levels[k - 1]`; the last level has one box.
    levels: Vec<Vec<Bounds>>,
    /// Points marked removed.
    removed: usize,
}

/// Orders points so that nearby points share leaves and nearby leaves share
/// parents: the set is split at the median of its widest axis, at a
/// multiple of the largest whole subtree smaller than it, so that no node's
/// run of points crosses a split.
fn order(points: &mut [TreePoint]) {
    if points.len() <= NODE {
        return;
    }
    let mut block = NODE;
    while block * NODE < points.len() {
        block *= NODE;
    }
    let half = ((points.len() / 2 + block / 2) / block).max(1) * block;
    let half = if half >= points.len() {
        half - block
    } else {
        half
    };
    let axis = Bounds::of_points(points).widest_axis();
    points.select_nth_unstable_by(half, |a, b| a.xyz[axis].total_cmp(&b.xyz[axis]));
    let (low, high) = points.split_at_mut(half);
    order(low);
    order(high);
}

impl PackedTree {
    /// Builds the tree over `points` (fewer than 2^29, half a billion: the
    /// walk's candidates keep a place in 29 bits).
    pub fn new(mut points: Vec<TreePoint>) -> Self {
        assert!(
            points.len() < 1 << TAG_SHIFT,
            "a packed tree holds fewer than 2^29 points"
        );
        order(&mut points);
        points.shrink_to_fit();
        let mut levels = Vec::new();
        let mut boxes: Vec<Bounds> = points.chunks(NODE).map(Bounds::of_points).collect();
        while boxes.len() > 1 {
            let parents = (boxes.chunks(NODE))
                .map(|c| c.iter().fold(Bounds::EMPTY, |b, x| b.union(x)))
                .collect();
            levels.push(std::mem::replace(&mut boxes, parents));
        }
        if !boxes.is_empty() {
            levels.push(boxes);
        }
        Self {
            points,
            levels,
            removed: 0,
        }
    }

    /// Numbers the points by their place, returning the slot each had
    /// (once, right after building: a removed point would lose its mark).
    pub fn number_in_order(&mut self) -> Vec<u32> {
        (self.points.iter_mut().enumerate())
            .map(|(place, p)| std::mem::replace(&mut p.slot, place as u32))
            .collect()
    }

    /// Points held, those marked removed included.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Points marked removed.
    pub fn removed(&self) -> usize {
        self.removed
    }

    /// Bytes held: the points and the boxes.
    pub fn bytes(&self) -> usize {
        let boxes: usize = self.levels.iter().map(Vec::capacity).sum();
        self.points.capacity() * size_of::<TreePoint>() + boxes * size_of::<Bounds>()
    }

    /// Marks `point` removed; false when the tree does not hold it.
    pub fn remove(&mut self, point: &TreePoint) -> bool {
        let Some(top) = self.levels.len().checked_sub(1) else {
            return false;
        };
        match self.find(point, top, 0) {
            Some(i) => {
                self.points[i].slot = REMOVED;
                self.removed += 1;
                true
            }
            None => false,
        }
    }

    /// Where `point` is among the points under node `index` of `level`.
    fn find(&self, point: &TreePoint, level: usize, index: usize) -> Option<usize> {
        if !self.levels[level][index].contains(&point.xyz) {
            return None;
        }
        let children = index * NODE..(index + 1) * NODE;
        if level == 0 {
            let end = children.end.min(self.points.len());
            return (children.start..end).find(|&i| self.points[i] == *point);
        }
        let end = children.end.min(self.levels[level - 1].len());
        (children.start..end).find_map(|child| self.find(point, level - 1, child))
    }

    /// The points that are not removed, nearest to `origin` first, with
    /// their squared distances.
    pub fn nearest(&self, origin: [f32; 3]) -> Nearest<'_> {
        // Room for a page's walk from the start: grown from empty, the heap
        // was reallocated about six times a walk, and a `perf` profile of
        // nearest put 2.8 % of the server's samples in those reallocations.
        let mut heap = BinaryHeap::with_capacity(WALK_CAPACITY);
        if let Some(top) = self.levels.last() {
            let root = Held::Node(self.levels.len() - 1, 0);
            heap.push(Candidate::new(top[0].distance_2(&origin), root));
        }
        Nearest {
            tree: self,
            origin,
            heap,
        }
    }
}

/// Candidates a walk has room for before its heap grows (1 KiB). Walking to
/// the 14th point of 100,000 random ones, the median walk of 200 held at
/// most 103 candidates at once and the largest 183: such a walk grows it
/// once at most.
const WALK_CAPACITY: usize = NODE * 8;

/// What a candidate of the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// A node: its level and its place in the level.
    Node(usize, usize),
    /// A point: its place in the array.
    Point(usize),
}

/// Bits of a candidate's code that say what it is: 0 for a point, a node's
/// level + 1 otherwise; the rest is its place.
const TAG_SHIFT: u32 = 29;

/// A node or point with its (least) squared distance from the origin, in
/// one integer whose order is the distance's: squared distances are never
/// negative, and the bits of a non-negative float order as the float does.
/// Eight bytes a candidate keep the heap's moves short (the walk of a rare
/// kind pushes thousands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate(std::cmp::Reverse<u64>);

impl Candidate {
    fn new(d2: f32, what: Held) -> Self {
        let code = match what {
            Held::Point(i) => i,
            Held::Node(level, i) => ((level + 1) << TAG_SHIFT) | i,
        };
        Self(std::cmp::Reverse(
            u64::from(d2.to_bits()) << 32 | code as u64,
        ))
    }

    fn d2(self) -> f32 {
        f32::from_bits((self.0 .0 >> 32) as u32)
    }

    fn what(self) -> Held {
        let code = self.0 .0 as u32 as usize;
        match code >> TAG_SHIFT {
            0 => Held::Point(code),
            tag => Held::Node(tag - 1, code & ((1 << TAG_SHIFT) - 1)),
        }
    }
}

/// The walk of [`PackedTree::nearest`]: best first, so each point comes out
/// once every node and point nearer than it has.
#[derive(Debug)]
pub struct Nearest<'a> {
    tree: &'a PackedTree,
    origin: [f32; 3],
    heap: BinaryHeap<Candidate>,
}

impl Nearest<'_> {
    fn open(&mut self, level: usize, index: usize) {
        let children = index * NODE..(index + 1) * NODE;
        if level == 0 {
            let end = children.end.min(self.tree.points.len());
            for i in children.start..end {
                let p = &self.tree.points[i];
                if p.slot != REMOVED {
                    let d2 = p.distance_2(&self.origin);
                    self.heap.push(Candidate::new(d2, Held::Point(i)));
                }
            }
            return;
        }
        let below = &self.tree.levels[level - 1];
        let end = children.end.min(below.len());
        for (child, bounds) in (children.start..end).zip(&below[children.start..end]) {
            let d2 = bounds.distance_2(&self.origin);
            let what = Held::Node(level - 1, child);
            self.heap.push(Candidate::new(d2, what));
        }
    }
}

impl Iterator for Nearest<'_> {
    type Item = (TreePoint, f32);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some(c) = self.heap.pop() {
            match c.what() {
                Held::Point(i) => return Some((self.tree.points[i], c.d2())),
                Held::Node(level, index) => self.open(level, index),
            }
        }
        None
    }
}
