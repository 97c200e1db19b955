//! Following a change log whose sequence numbers may commit out of order.
//!
//! On PostgreSQL a sequence number is taken when a row is inserted, but the
//! row becomes visible when its transaction commits, so number 11 can be seen
//! before number 10. A reader that simply remembered "the last number seen"
//! would skip 10 for ever. The cursor below keeps a watermark: every number up
//! to it has been seen (or waited for long enough to be a rolled-back gap),
//! and it re-reads from the watermark, so a late commit is still picked up.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// How long a missing number is waited for before it is taken as rolled back.
pub const GAP_PATIENCE: Duration = Duration::from_secs(10);

/// Where a reader of the change log stands.
#[derive(Debug, Clone, Default)]
pub struct ChangeCursor {
    /// Every number up to this one has been applied (or given up on).
    watermark: i64,
    /// Missing numbers above the watermark and when they were first missed.
    gaps: HashMap<i64, Instant>,
    /// Numbers above the watermark already applied (re-read while a gap is open).
    seen: BTreeSet<i64>,
}

impl ChangeCursor {
    /// Starts after `seq` (the last change already reflected in memory).
    pub fn after(seq: i64) -> Self {
        Self {
            watermark: seq,
            gaps: HashMap::new(),
            seen: BTreeSet::new(),
        }
    }

    /// Whether a number read still needs applying.
    pub fn is_new(&self, seq: i64) -> bool {
        seq > self.watermark && !self.seen.contains(&seq)
    }

    /// Where the next read starts (exclusive).
    pub fn watermark(&self) -> i64 {
        self.watermark
    }

    /// Moves the watermark past the numbers read (`seqs`, ascending, all
    /// above the watermark) up to the first gap still worth waiting for.
    pub fn advance(&mut self, seqs: &[i64], now: Instant) {
        self.seen.extend(seqs.iter().copied());
        let mut next = self.watermark + 1;
        for &seq in seqs {
            while next < seq {
                let first_missed = *self.gaps.entry(next).or_insert(now);
                if now.duration_since(first_missed) < GAP_PATIENCE {
                    self.forget_below();
                    return;
                }
                self.watermark = next;
                next += 1;
            }
            self.watermark = seq;
            next = seq + 1;
        }
        self.forget_below();
    }

    fn forget_below(&mut self) {
        let w = self.watermark;
        self.gaps.retain(|&seq, _| seq > w);
        self.seen.retain(|&seq| seq > w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_numbers_move_the_watermark_to_the_last() {
        let mut c = ChangeCursor::after(3);
        c.advance(&[4, 5, 6], Instant::now());
        assert_eq!(c.watermark(), 6);
        c.advance(&[], Instant::now());
        assert_eq!(c.watermark(), 6);
    }

    #[test]
    fn a_gap_holds_the_watermark_until_the_late_commit_arrives() {
        let t0 = Instant::now();
        let mut c = ChangeCursor::after(0);
        c.advance(&[1, 3, 4], t0);
        assert_eq!(c.watermark(), 1, "2 may still commit");
        assert!(!c.is_new(3) && !c.is_new(1) && c.is_new(2));
        // Re-read from the watermark: 2 has committed meanwhile.
        c.advance(&[2, 3, 4], t0 + Duration::from_millis(200));
        assert_eq!(c.watermark(), 4);
    }

    #[test]
    fn a_gap_older_than_the_patience_is_taken_as_rolled_back() {
        let t0 = Instant::now();
        let mut c = ChangeCursor::after(0);
        c.advance(&[1, 3], t0);
        c.advance(&[3], t0 + GAP_PATIENCE / 2);
        assert_eq!(c.watermark(), 1);
        c.advance(&[3, 5], t0 + GAP_PATIENCE);
        assert_eq!(c.watermark(), 3, "2 given up on, 4 newly missed");
        c.advance(&[5], t0 + GAP_PATIENCE * 2);
        assert_eq!(c.watermark(), 5);
    }
}
