//! Scorecards rolled up per region (every ancestor of each outlet's region)
//! and per tier: the figures added up, and the mean scores of the outlets.

use std::collections::BTreeMap;

use crate::directory::Directory;
use crate::domain::evaluation::Figures;

use super::Scorecard;

/// The outlets of one region or tier, together.
#[derive(Debug, Clone, Default)]
pub struct Rollup {
    /// The region code or tier.
    pub key: String,
    /// Outlets counted.
    pub outlets: u32,
    /// Their figures added up (rates follow from the sums).
    pub figures: Figures,
    /// Mean of the outlets' total scores (those with one).
    pub mean_total: Option<f64>,
    /// Mean supply score.
    pub mean_supply: Option<f64>,
    /// Mean use score.
    pub mean_use: Option<f64>,
    /// Mean quality score.
    pub mean_quality: Option<f64>,
}

#[derive(Default)]
struct Acc {
    outlets: u32,
    figures: Figures,
    scores: [(f64, u32); 4],
}

impl Acc {
    fn add(&mut self, c: &Scorecard) {
        self.outlets += 1;
        self.figures.add(&c.figures);
        let s = &c.scores;
        for (slot, v) in self
            .scores
            .iter_mut()
            .zip([s.total, s.supply, s.use_, s.quality])
        {
            if let Some(v) = v {
                slot.0 += v;
                slot.1 += 1;
            }
        }
    }

    fn finish(self, key: String) -> Rollup {
        let mean = |(sum, n): (f64, u32)| (n > 0).then(|| sum / f64::from(n));
        Rollup {
            key,
            outlets: self.outlets,
            figures: self.figures,
            mean_total: mean(self.scores[0]),
            mean_supply: mean(self.scores[1]),
            mean_use: mean(self.scores[2]),
            mean_quality: mean(self.scores[3]),
        }
    }
}

/// The roll-ups of `cards` per region code and per tier, by key.
pub fn rollup(dir: &Directory, cards: &[Scorecard]) -> (Vec<Rollup>, Vec<Rollup>) {
    let (mut regions, mut tiers): (BTreeMap<String, Acc>, BTreeMap<String, Acc>) =
        Default::default();
    for c in cards {
        tiers
            .entry(c.outlet.tier.as_str().to_owned())
            .or_default()
            .add(c);
        if let Some(index) = dir.regions.index_of(&c.outlet.region_code) {
            for a in dir.regions.ancestors(index) {
                regions
                    .entry(dir.regions.region(a).code.clone())
                    .or_default()
                    .add(c);
            }
        }
    }
    let finish = |m: BTreeMap<String, Acc>| m.into_iter().map(|(k, a)| a.finish(k)).collect();
    (finish(regions), finish(tiers))
}
