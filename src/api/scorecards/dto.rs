//! What the evaluation answers: scorecards and roll-ups, in JSON and as CSV rows.

use serde::Serialize;
use utoipa::ToSchema;

use crate::directory::Directory;
use crate::domain::evaluation::{Dimension, Figures, Indicator, IndicatorScore, Weights};
use crate::domain::vocab::{OutletKind, Tier};
use crate::evaluation::{rollup, Rollup, Scorecard};
use crate::i18n::Lang;

/// Scores are shown to two decimals.
fn round(v: Option<f64>) -> Option<f64> {
    v.map(|v| (v * 100.0).round() / 100.0)
}

/// One indicator of a scorecard.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDto {
    /// Which figure.
    pub indicator: Indicator,
    /// Its name in the language asked for.
    #[schema(example = "按时答复率")]
    pub label: String,
    /// The side of the work it measures.
    pub dimension: Dimension,
    /// The figure: a count, hours, a percentage or a mean score.
    #[schema(example = 87.5)]
    pub value: Option<f64>,
    /// 0–100, to two decimals; `null` when there is nothing to measure.
    #[schema(example = 87.5)]
    pub score: Option<f64>,
    /// Its weight.
    #[schema(example = 10.0)]
    pub weight: f64,
}

impl IndicatorDto {
    fn new(i: &IndicatorScore, lang: Lang) -> Self {
        let (zh, en) = i.indicator.labels();
        Self {
            indicator: i.indicator,
            label: lang.pick(zh, en).to_owned(),
            dimension: i.dimension,
            value: round(i.value),
            score: round(i.score),
            weight: i.weight,
        }
    }
}

/// An outlet's evaluation for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScorecardDto {
    /// The outlet.
    pub outlet_id: String,
    /// Its name.
    #[schema(example = "晋中市知识产权公共服务中心")]
    pub outlet_name: String,
    /// Its kind.
    pub kind: OutletKind,
    /// Its tier: volumes are scored against the best outlet of the same tier.
    pub tier: Tier,
    /// Its region.
    #[schema(example = "140702")]
    pub region_code: String,
    /// The weighted mean of every scored indicator, 0–100.
    #[schema(example = 72.5)]
    pub total: Option<f64>,
    /// The weighted mean of the supply indicators (服务供给).
    pub supply: Option<f64>,
    /// The weighted mean of the use indicators (服务使用).
    #[serde(rename = "use")]
    pub use_: Option<f64>,
    /// The weighted mean of the quality indicators (服务质量).
    pub quality: Option<f64>,
    /// Its place by total among the outlets of its region (1 = best).
    #[schema(example = 1)]
    pub rank_in_region: u32,
    /// Outlets in its region.
    #[schema(example = 3)]
    pub outlets_in_region: u32,
    /// The figures behind the scores.
    pub figures: Figures,
    /// Every indicator with its figure, score and weight.
    pub indicators: Vec<IndicatorDto>,
}

impl ScorecardDto {
    /// The card in the language asked for.
    pub fn new(c: &Scorecard, lang: Lang) -> Self {
        let (o, s) = (&c.outlet, &c.scores);
        Self {
            outlet_id: o.id.clone(),
            outlet_name: o.name.clone(),
            kind: o.kind,
            tier: o.tier,
            region_code: o.region_code.clone(),
            total: round(s.total),
            supply: round(s.supply),
            use_: round(s.use_),
            quality: round(s.quality),
            rank_in_region: c.rank_in_region,
            outlets_in_region: c.outlets_in_region,
            figures: c.figures.clone(),
            indicators: s
                .indicators
                .iter()
                .map(|i| IndicatorDto::new(i, lang))
                .collect(),
        }
    }
}

/// The outlets of one region or tier, together.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollupDto {
    /// `region` or `tier`.
    #[schema(example = "region")]
    pub level: String,
    /// The region code or tier.
    #[schema(example = "140700")]
    pub code: String,
    /// Its name.
    #[schema(example = "晋中市")]
    pub name: String,
    /// Outlets counted.
    pub outlets: u32,
    /// Mean of their total scores.
    pub mean_total: Option<f64>,
    /// Mean supply score.
    pub mean_supply: Option<f64>,
    /// Mean use score.
    pub mean_use: Option<f64>,
    /// Mean quality score.
    pub mean_quality: Option<f64>,
    /// Acceptance clocks on time over all its tickets, in percent.
    pub acceptance_on_time_pct: Option<f64>,
    /// Handling clocks on time, in percent.
    pub handling_on_time_pct: Option<f64>,
    /// Callback clocks on time, in percent.
    pub callback_on_time_pct: Option<f64>,
    /// Mean callback satisfaction (1–5).
    pub mean_satisfaction: Option<f64>,
    /// The outlets' figures added up.
    pub figures: Figures,
}

impl RollupDto {
    /// A roll-up named from the directory (`level` `region` or `tier`).
    pub fn new(level: &str, r: Rollup, dir: &Directory, lang: Lang) -> Self {
        let name = match level {
            "region" => dir.regions.get(&r.key).map(|x| x.name.clone()),
            _ => r
                .key
                .parse::<Tier>()
                .ok()
                .map(|t| lang.pick(t.labels().0, t.labels().1).to_owned()),
        };
        let f = &r.figures;
        Self {
            level: level.into(),
            name: name.unwrap_or_default(),
            code: r.key,
            outlets: r.outlets,
            mean_total: round(r.mean_total),
            mean_supply: round(r.mean_supply),
            mean_use: round(r.mean_use),
            mean_quality: round(r.mean_quality),
            acceptance_on_time_pct: round(f.acceptance.pct()),
            handling_on_time_pct: round(f.handling.pct()),
            callback_on_time_pct: round(f.callback.pct()),
            mean_satisfaction: round(f.mean_satisfaction()),
            figures: r.figures,
        }
    }
}

/// Roll-ups of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rollups {
    /// Per region, every ancestor of each outlet's region included.
    pub regions: Vec<RollupDto>,
    /// Per tier.
    pub tiers: Vec<RollupDto>,
}

impl Rollups {
    /// The scorecards rolled up per region and tier, named from the directory.
    pub fn new(dir: &Directory, cards: &[Scorecard], lang: Lang) -> Self {
        let (regions, tiers) = rollup(dir, cards);
        let named = |level: &str, all: Vec<Rollup>| {
            (all.into_iter())
                .map(|r| RollupDto::new(level, r, dir, lang))
                .collect()
        };
        Self {
            regions: named("region", regions),
            tiers: named("tier", tiers),
        }
    }
}

/// The evaluation of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationReport {
    /// First day.
    pub from: chrono::NaiveDate,
    /// Last day.
    pub to: chrono::NaiveDate,
    /// The weights scored with (configuration `[evaluation.weights]`).
    pub weights: Weights,
    /// Scorecards, best total first.
    pub outlets: Vec<ScorecardDto>,
    /// Per region, every ancestor of each outlet's region included.
    pub regions: Vec<RollupDto>,
    /// Per tier.
    pub tiers: Vec<RollupDto>,
}

fn cell(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The columns of the scorecards' CSV: the outlet, its scores, then each
/// indicator's figure and score.
pub fn scorecard_columns() -> Vec<String> {
    use strum::IntoEnumIterator;
    let head = [
        "outlet_id",
        "outlet_name",
        "tier",
        "region_code",
        "rank_in_region",
    ];
    let scores = ["total", "supply", "use", "quality"];
    (head.iter().chain(&scores).map(|s| s.to_string()))
        .chain(Indicator::iter().flat_map(|i| {
            [
                format!("{}_value", i.as_str()),
                format!("{}_score", i.as_str()),
            ]
        }))
        .collect()
}

/// One scorecard as a CSV row.
pub fn scorecard_row(c: &ScorecardDto) -> Vec<String> {
    let head = [
        c.outlet_id.clone(),
        c.outlet_name.clone(),
        c.tier.as_str().to_owned(),
        c.region_code.clone(),
        c.rank_in_region.to_string(),
    ];
    (head.into_iter())
        .chain([c.total, c.supply, c.use_, c.quality].map(cell))
        .chain(
            c.indicators
                .iter()
                .flat_map(|i| [cell(i.value), cell(i.score)]),
        )
        .collect()
}
