//! The period and filters of an evaluation request, checked.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::vocab::Tier;
use crate::error::AppError;
use crate::evaluation::{inputs, scorecards, Scorecard};
use crate::i18n::Text;
use crate::state::AppState;

/// Longest period evaluated at once, in days (three years).
pub const MAX_DAYS: i64 = 3 * 366;

/// The period and filters of an evaluation.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EvaluationQuery {
    /// First day (China Standard Time); default 1 January of this year.
    pub from: Option<NaiveDate>,
    /// Last day; default today. At most three years after `from`.
    pub to: Option<NaiveDate>,
    /// Only outlets in this region or under it (roll-ups too).
    pub region: Option<String>,
    /// Only outlets of this tier.
    pub tier: Option<Tier>,
    /// `json` (default) or `csv`; `Accept: text/csv` also gives CSV.
    #[param(inline)]
    pub format: Option<crate::api::http::csv::TableFormat>,
}

impl EvaluationQuery {
    /// The period asked for, defaults filled in, or why it cannot be evaluated.
    pub fn period(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), AppError> {
        let to = self.to.unwrap_or(today);
        let from = (self.from)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1).expect("1 January"));
        if from > to {
            return Err(AppError::bad_request(
                "to",
                Text::new("不能早于开始日期", "must not be before from"),
            ));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(AppError::bad_request(
                "to",
                Text::new("评价期间最长三年", "the period can be at most three years"),
            ));
        }
        Ok((from, to))
    }
}

/// Scores every outlet for the period asked for, and keeps those the filters
/// select (volumes are always scored against the whole tier).
pub async fn evaluate(
    state: &AppState,
    q: &EvaluationQuery,
) -> Result<((NaiveDate, NaiveDate), Vec<Scorecard>), AppError> {
    let period = q.period(state.today())?;
    let now = state.now();
    let inputs = state
        .db(move |conn| inputs::load(conn, now, period))
        .await?;
    let dir = state.directory();
    let within = match q.region.as_deref() {
        Some(code) => Some(dir.regions.index_of(code).ok_or_else(|| {
            AppError::bad_request("region", Text::new("行政区划不存在", "no such region"))
        })?),
        None => None,
    };
    let cards = scorecards(&dir, &inputs, period, &state.evaluation)?
        .into_iter()
        .filter(|c| q.tier.is_none_or(|t| c.outlet.tier == t))
        .filter(|c| {
            within.is_none_or(|w| {
                (dir.regions.index_of(&c.outlet.region_code))
                    .is_some_and(|i| dir.regions.ancestors(i).any(|a| a == w))
            })
        })
        .collect();
    Ok((period, cards))
}
