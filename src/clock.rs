//! The service's notion of "now": the system clock, or the system clock moved
//! by an offset. Tests and demonstrations set the offset to run the hotline's
//! clocks on a chosen day (and move it forward to see deadlines pass); the
//! offset is never set from configuration.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

/// A shared clock; clones see the same offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_us: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        let clock = Self::default();
        clock.set(start);
        clock
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::microseconds(self.offset_us.load(Ordering::Relaxed))
    }

    /// Moves the clock so that it reads `t` now.
    pub fn set(&self, t: DateTime<Utc>) {
        let offset = (t - Utc::now()).num_microseconds().unwrap_or(i64::MAX);
        self.offset_us.store(offset, Ordering::Relaxed);
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        self.offset_us
            .fetch_add(by.num_microseconds().unwrap_or(0), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_reads_its_start_and_moves_on() {
        let start = "2026-12-20T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let clock = Clock::starting_at(start);
        let read = clock.now();
        assert!((read - start).num_milliseconds().abs() < 5_000);
        clock.clone().advance(Duration::days(30));
        assert!(
            clock.now() - start >= Duration::days(30),
            "clones share the offset"
        );
    }
}
