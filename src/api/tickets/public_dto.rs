//! What the public reads and sends with a tracking number and status token:
//! the receipt, the status, and supplied information. Never personal data;
//! times in China Standard Time; labels in the caller's language.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::tickets::dto::TicketDto;
use crate::directory::Directory;
use crate::domain::ticket::{Event, Ticket};
use crate::hotline::deadline::Deadline;
use crate::hotline::outbox::DueDto;
use crate::hotline::public::{state_label, Waiting};
use crate::i18n::Lang;

/// What intake answers: keep the tracking number and token to follow the case.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketReceipt {
    /// Human-readable number, e.g. `20261121-000123`.
    pub tracking_number: String,
    /// Secret for the public status; shown once.
    pub status_token: String,
    /// State after intake (`assigned` when the engine found an outlet).
    #[schema(value_type = crate::domain::ticket::TicketState)]
    pub state: String,
    /// The state in the caller's language.
    pub state_label: String,
    /// When the hotline received it (China Standard Time).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub received_at: DateTime<Utc>,
    /// The outlet the case was referred to, with its public phones.
    pub handled_by: Option<PublicOutlet>,
    /// The day by which the outlet must accept (签收) the case.
    pub due: Option<DueDto>,
    /// Who handles the case and by when, in one sentence in the caller's language.
    pub notice: String,
    /// Where to follow the case (the public status, with the token).
    pub status_url: String,
    /// The full ticket, for operators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketDto>,
}

/// One public history entry: what happened, never who or the internal note.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    /// When (China Standard Time).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub at: DateTime<Utc>,
    /// What happened, e.g. `request_info`.
    pub action: String,
    /// What happened, in the caller's language.
    pub label: String,
    /// State after it.
    #[schema(value_type = crate::domain::ticket::TicketState)]
    pub state: String,
    /// What the outlet chose to tell the public, e.g. the materials it asks for.
    pub public_note: Option<String>,
}

/// What the citizen sees with tracking number and token: never personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStatus {
    /// Human-readable number.
    pub tracking_number: String,
    /// Ticket kind, e.g. `complaint`.
    #[schema(value_type = crate::domain::ticket::TicketKind)]
    pub kind: String,
    /// Category, e.g. `trademark`.
    #[schema(value_type = crate::domain::ticket::TicketCategory)]
    pub category: String,
    /// State, e.g. `paused`.
    #[schema(value_type = crate::domain::ticket::TicketState)]
    pub state: String,
    /// The state in the caller's language; a paused case reads 待补充材料
    /// (awaiting your information) or 已中止 (suspended).
    pub state_label: String,
    /// The outlet is waiting for information from you: supply it at
    /// `POST /api/v1/tickets/status/supplement`.
    pub awaiting_information: bool,
    /// When the hotline received it (China Standard Time).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub received_at: DateTime<Utc>,
    /// The answer, once given.
    pub reply: Option<String>,
    /// Why it is closed, e.g. `resolved`.
    pub close_reason: Option<String>,
    /// What happened, oldest first.
    pub history: Vec<PublicEvent>,
    /// The outlet handling the case, with its public phones.
    pub handled_by: Option<PublicOutlet>,
    /// The running acceptance or handling clock due first: the day by which
    /// the outlet must accept or answer.
    pub due: Option<DueDto>,
    /// Who handles the case and by when, or what is asked of you, in one
    /// sentence in the caller's language.
    pub notice: String,
}

/// An outlet as the public sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicOutlet {
    /// Outlet id.
    pub id: String,
    /// Name in Chinese.
    pub name: String,
    /// Name in English, where known.
    pub name_en: Option<String>,
    /// Public phone numbers.
    pub phones: Vec<String>,
}

impl PublicOutlet {
    /// The outlet a ticket is with, if any.
    pub fn of(dir: &Directory, ticket: &Ticket) -> Option<Self> {
        let o = dir.outlets.get(ticket.outlet_id.as_deref()?)?;
        let d = o.details();
        Some(Self {
            id: o.id().to_owned(),
            name: d.name().to_owned(),
            name_en: d.name_en().map(str::to_owned),
            phones: d.phones().map(str::to_owned).collect(),
        })
    }

    fn name_in(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }
}

/// The public path of a ticket's status (the token is the caller's own).
pub fn status_url(tracking: &str, token: &str) -> String {
    format!("/api/v1/tickets/status?tracking={tracking}&token={token}")
}

/// One sentence: who handles the case and by when, or what is asked.
pub fn notice(
    (ticket, history): (&Ticket, &[Event]),
    outlet: Option<&PublicOutlet>,
    due: Option<&Deadline>,
    lang: Lang,
) -> String {
    let asked = history.iter().rev().find_map(|e| e.public_note.as_deref());
    let Some(outlet) = outlet else {
        return if ticket.is_open() {
            lang.pick(
                "已登记，热线正在确定承办网点。",
                "Logged; the hotline is choosing the outlet to handle it.",
            )
            .into()
        } else {
            state_label(ticket, history).get(lang).to_owned()
        };
    };
    let name = outlet.name_in(lang);
    let phones = match (outlet.phones.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!("（电话 {}）", outlet.phones.join("、")),
        (false, Lang::En) => format!(" (phone {})", outlet.phones.join(", ")),
    };
    match (Waiting::of(ticket, history), due) {
        (Some(Waiting::ForReporter), _) => match lang {
            Lang::Zh => format!(
                "{name}{phones}请您补充材料：{}",
                asked.unwrap_or("请致电网点了解")
            ),
            Lang::En => format!(
                "{name}{phones} asks you for information: {}",
                asked.unwrap_or("call the outlet")
            ),
        },
        (Some(Waiting::Suspended), _) => match lang {
            Lang::Zh => format!("{name}{phones}已中止办理，恢复后继续计时。"),
            Lang::En => format!(
                "{name}{phones} has suspended the case; the clock runs again when it resumes."
            ),
        },
        (None, Some(d)) => {
            let (zh, en) = match d.timer {
                crate::domain::clocks::Timer::Acceptance => ("签收", "accept it"),
                _ => ("答复", "answer"),
            };
            match lang {
                Lang::Zh => format!("由{name}{phones}办理，应于 {} 前{zh}。", d.due),
                Lang::En => format!("Handled by {name}{phones}, which must {en} by {}.", d.due),
            }
        }
        (None, None) => match lang {
            Lang::Zh => format!(
                "由{name}{phones}办理；当前状态：{}。",
                state_label(ticket, history).zh
            ),
            Lang::En => format!(
                "Handled by {name}{phones}; now {}.",
                state_label(ticket, history).en.to_lowercase()
            ),
        },
    }
}

/// Information a citizen supplies when the outlet asked for it (补充材料).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplementInput {
    /// Tracking number from the receipt.
    #[schema(example = "20261202-000001", pattern = "^[0-9]{8}-[0-9]{6,7}$")]
    pub tracking: String,
    /// The status token from the receipt (48 hexadecimal digits).
    #[schema(pattern = "^[0-9a-f]{48}$")]
    pub token: String,
    /// The information asked for, 1 to 5000 characters.
    #[schema(example = "购买小票与商品照片见附件链接。", max_length = 5000)]
    pub text: String,
    /// Links to documents or photos (at most 10 http(s) links).
    #[serde(default)]
    #[schema(schema_with = crate::api::tickets::dto::attachment_links_schema)]
    pub attachments: Vec<String>,
}
