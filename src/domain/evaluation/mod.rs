//! Periodic evaluation of outlets (网点综合评价): the figures behind an
//! outlet's supply, use and quality in a period, their scores, and where
//! escalations, returns and reopened cases belong.

pub mod figures;
pub mod incidents;
pub mod score;
pub mod weights;

pub use figures::{Best, Figures, Tally};
pub use score::{score, IndicatorScore, Scores};
pub use weights::Weights;

use crate::vocabulary;

vocabulary! {
    /// A side of an outlet's work the evaluation looks at.
    Dimension {
        /// 服务供给: what it offers and when.
        Supply => ("服务供给", "Supply"),
        /// 服务使用: how much it is used.
        Use => ("服务使用", "Use"),
        /// 服务质量: how well it answers.
        Quality => ("服务质量", "Quality"),
    }
}

vocabulary! {
    /// One measured figure of an outlet (评价指标).
    Indicator {
        /// Service matters it offers (提供事项数).
        MattersOffered => ("提供服务事项数", "Matters offered"),
        /// Published opening hours per week (每周开放时长).
        WeeklyHours => ("每周开放时长", "Opening hours per week"),
        /// Days open in the period, against the working days (开放天数).
        DaysOpen => ("开放天数", "Days open"),
        /// Tickets referred to it and received in the period (受理工单数).
        TicketsReceived => ("受理工单数", "Tickets received"),
        /// Visits by the commissioners and envoys working from it (服务专员走访).
        Visits => ("专员走访次数", "Commissioner visits"),
        /// Outreach events it organised that were held (组织活动数).
        EventsHeld => ("组织活动场次", "Events organised"),
        /// Acceptance clocks stopped in time (按时签收率).
        AcceptanceOnTime => ("按时签收率", "Acceptance on time"),
        /// Handling clocks stopped in time (按时办结率).
        HandlingOnTime => ("按时答复率", "Handling on time"),
        /// Callback clocks stopped in time (按时回访率).
        CallbackOnTime => ("按时回访率", "Callback on time"),
        /// Mean callback satisfaction (满意度).
        Satisfaction => ("满意度", "Satisfaction"),
        /// Tickets escalated for being overdue (超期督办).
        Escalations => ("超期督办", "Escalations"),
        /// Tickets it returned as not its own (退单).
        Returns => ("退单", "Returns"),
        /// Cases reopened after an answer (重办).
        Reopened => ("重办", "Reopened cases"),
    }
}

impl Indicator {
    /// The side of the work it measures.
    pub fn dimension(self) -> Dimension {
        use Indicator as I;
        match self {
            I::MattersOffered | I::WeeklyHours | I::DaysOpen => Dimension::Supply,
            I::TicketsReceived | I::Visits | I::EventsHeld => Dimension::Use,
            _ => Dimension::Quality,
        }
    }
}
