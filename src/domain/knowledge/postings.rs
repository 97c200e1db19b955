//! A term's posting list, compact: each posting is the gap from the previous
//! document's position and the term's weighted frequency in halves, both as
//! variable-length integers (LEB128). A posting of a common term at a million
//! outlets takes two or three bytes instead of eight, and a list of up to 16
//! bytes (a rare term's) is kept inline, without an allocation of its own.

use smallvec::SmallVec;

use crate::domain::leb128;

/// The documents a term occurs in, in ascending order, with its weighted
/// frequency in each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    bytes: SmallVec<[u8; 16]>,
    /// The last document added (0 before any).
    last: u32,
    len: u32,
}

/// A weight in halves, the unit frequencies are kept in: document weights
/// are whole or half numbers (3, 1.5, 1), so nothing is lost.
fn halves(tf: f32) -> u32 {
    (tf * 2.0).round().max(0.0) as u32
}

/// Reads one number off the front of `bytes` (which holds whole numbers).
#[inline]
fn take(bytes: &mut &[u8]) -> u32 {
    leb128::read(bytes).expect("whole numbers") as u32
}

/// The postings of a list, decoded as they are read.
pub struct Postings<'a> {
    bytes: &'a [u8],
    doc: u32,
}

impl Iterator for Postings<'_> {
    type Item = (u32, f32);

    #[inline]
    fn next(&mut self) -> Option<(u32, f32)> {
        if self.bytes.is_empty() {
            return None;
        }
        // The first gap is the first document itself (counted from 0).
        self.doc += take(&mut self.bytes);
        Some((self.doc, take(&mut self.bytes) as f32 / 2.0))
    }
}

impl PostingList {
    /// Adds document `doc` with weighted frequency `tf`. Documents come in
    /// ascending order (the index numbers them as they are added).
    pub fn push(&mut self, doc: u32, tf: f32) {
        debug_assert!(self.len == 0 || doc > self.last, "postings ascend");
        leb128::push(&mut self.bytes, u64::from(doc - self.last));
        leb128::push(&mut self.bytes, u64::from(halves(tf)));
        self.last = doc;
        self.len += 1;
    }

    /// How many documents the term occurs in.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the term occurs nowhere.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The postings, as (document, weighted frequency), in ascending order.
    pub fn iter(&self) -> Postings<'_> {
        Postings {
            bytes: &self.bytes,
            doc: 0,
        }
    }

    /// Keeps the postings of the documents `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(u32) -> bool) {
        let mut kept = PostingList::default();
        for (doc, tf) in self.iter().filter(|(doc, _)| keep(*doc)) {
            kept.push(doc, tf);
        }
        *self = kept;
    }

    /// Gives back the room the list grew into.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// The bytes the postings take (without the list's own fields).
    pub fn encoded_len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::PostingList;

    #[test]
    fn postings_come_back_as_they_went_in() {
        let postings = [
            (0, 3.0),
            (1, 1.5),
            (127, 1.0),
            (128, 4.5),
            (300_000, 200.0),
            (u32::MAX, 0.5),
        ];
        let mut list = PostingList::default();
        for (doc, tf) in postings {
            list.push(doc, tf);
        }
        assert_eq!(list.len(), postings.len());
        assert_eq!(list.iter().collect::<Vec<_>>(), postings);
        list.retain(|doc| doc % 2 == 0);
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            [(0, 3.0), (128, 4.5), (300_000, 200.0)]
        );
    }

    #[test]
    fn a_common_term_takes_two_bytes_a_posting() {
        let mut list = PostingList::default();
        for doc in (0..1_000_000).step_by(3) {
            list.push(doc, 3.0);
        }
        assert_eq!(list.encoded_len(), 2 * list.len());
    }
}
