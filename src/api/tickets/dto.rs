//! Request and response bodies of the hotline.

use crate::api::programmes::dto::TicketTargetDto;
use crate::api::programmes::handovers::HandoverDto;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::http::auth::Caller;
use crate::api::http::dto::Location;
pub use crate::api::tickets::history_dto::{ClockDto, EventDto};
use crate::directory::Directory;
use crate::domain::clocks::Clock;
use crate::domain::coords::CoordSys;
use crate::domain::length::text_list;
use crate::domain::ticket::{CloseReason, TicketAction, TicketCategory, TicketChannel, TicketKind};
use crate::domain::ticket::{Ticket, TicketState};
use crate::domain::vocab::Role;

/// The person calling or writing in. In full only for operators and the
/// assigned outlet's staff (every such view is logged); masked for others.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterDto {
    /// Name, at most 100 characters.
    #[schema(max_length = 100)]
    pub name: Option<String>,
    /// Telephone, e.g. `13812341234`: a valid Chinese number, at most 30
    /// characters.
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    /// Email, at most 254 characters.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Company or institution, at most 200 characters.
    #[schema(max_length = 200)]
    pub organisation: Option<String>,
    /// The reporter asked not to be named to the outlet.
    #[serde(default)]
    pub anonymous: bool,
}

/// A new ticket. Positions are in the `coord_sys` query parameter's system.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketInput {
    /// How it came in; the public may send `web` or `app` (default `web`), operators any.
    pub channel: Option<TicketChannel>,
    /// Enquiry, complaint, report, assistance or suggestion.
    pub kind: TicketKind,
    /// Subject area.
    pub category: TicketCategory,
    /// One line, 1 to 200 characters.
    #[schema(max_length = 200)]
    pub subject: String,
    /// What happened, 1 to 5000 characters.
    #[schema(max_length = 5000)]
    pub description: String,
    /// Where, if it happened somewhere.
    pub location: Option<Location>,
    /// Or the region it concerns (行政区划 code: 6 digits, a park's `<county>P<nn>`).
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// Who calls; a phone or email is required unless anonymous.
    #[serde(default)]
    pub reporter: ReporterDto,
    /// Links to evidence (http or https, at most 10).
    #[serde(default)]
    #[schema(schema_with = attachment_links_schema)]
    pub attachments: Vec<String>,
    /// Free tags (at most 10).
    #[serde(default)]
    #[schema(schema_with = free_tags_schema)]
    pub tags: Vec<String>,
    /// When the call or visit happened (operators only; default now).
    pub received_at: Option<DateTime<Utc>>,
    /// The IP service agency complained about, by register id or credit code
    /// (category `agency_misconduct` only); the ticket is referred to the
    /// regulator's outlet for the agency's region.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub agency: Option<String>,
}

/// What the referral engine would choose now, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionDto {
    /// The outlet, if one was found.
    pub outlet_id: Option<String>,
    /// The reasoning, in the requested language.
    pub reason: String,
}

/// A ticket as operators and outlet staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDto {
    pub id: String,
    /// Human-readable number, e.g. `20261121-000123`.
    pub tracking_number: String,
    #[schema(value_type = crate::domain::ticket::TicketChannel)]
    pub channel: String,
    #[schema(value_type = crate::domain::ticket::TicketKind)]
    pub kind: String,
    #[schema(value_type = crate::domain::ticket::TicketCategory)]
    pub category: String,
    pub subject: String,
    pub description: String,
    /// Where, in the requested `coord_sys`.
    pub location: Option<Location>,
    pub region_code: Option<String>,
    /// The agency a complaint is about (register id).
    pub agency_id: Option<String>,
    pub reporter: ReporterDto,
    pub attachments: Vec<String>,
    pub tags: Vec<String>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub received_at: DateTime<Utc>,
    /// Current state.
    #[schema(value_type = crate::domain::ticket::TicketState)]
    pub state: String,
    /// The outlet handling it.
    pub outlet_id: Option<String>,
    /// That outlet's name.
    pub outlet_name: Option<String>,
    /// The parent outlet it was escalated to (督办), if overdue.
    pub escalated_to: Option<String>,
    /// That outlet's name.
    pub escalated_to_name: Option<String>,
    /// The ticket this one was merged into.
    pub merged_into: Option<String>,
    pub reply: Option<String>,
    pub satisfaction: Option<i32>,
    pub close_reason: Option<String>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// Whether a running clock is past its due date.
    pub overdue: bool,
    /// The actions the reader's role may take in the ticket's state (some
    /// also need a field or a time window, e.g. `return` within the objection period).
    pub allowed_actions: Vec<TicketAction>,
    /// The clocks as of the request.
    pub clocks: Vec<ClockDto>,
    /// The full history (single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<EventDto>>,
    /// The engine's current suggestion (single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<SuggestionDto>,
    /// Open tickets that may be the same case (single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible_duplicates: Option<Vec<String>>,
    /// Knowledge entries that may answer it, best first, for its subject and
    /// description in its region (single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_entries: Option<Vec<SuggestedEntry>>,
    /// Service targets the reporter's organisation is (matched by credit code
    /// or registered name), with their commissioners (desk keys, single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_targets: Option<Vec<TicketTargetDto>>,
    /// Commissioners the ticket was handed to (desk keys, single-ticket view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handovers: Option<Vec<HandoverDto>>,
}

/// A knowledge entry that may answer a ticket.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestedEntry {
    /// The entry.
    #[schema(example = "kb-tm-renewal")]
    pub id: String,
    /// Its question.
    pub question: String,
    /// Relevance (higher is better).
    pub score: f32,
}

impl TicketDto {
    /// Applies the caller's right to see personal data: operators and the
    /// staff of the assigned outlet see it in full (an anonymous reporter stays
    /// hidden from the outlet); everyone else sees it masked. Returns whether
    /// anything was shown in full, which the caller must log.
    pub fn with_privacy(mut self, caller: &Caller) -> (Self, bool) {
        use crate::domain::privacy::{mask_email, mask_name, mask_organisation, mask_phone};
        let staff = caller.role == Role::OutletStaff;
        let full = match caller.role {
            Role::Operator => true,
            Role::OutletStaff => {
                !self.reporter.anonymous
                    && caller.outlet_id.is_some()
                    && caller.outlet_id == self.outlet_id
            }
            Role::Admin
            | Role::Auditor
            | Role::Open311Client
            | Role::Commissioner
            | Role::Envoy => false,
        };
        let r = &mut self.reporter;
        let has_data =
            r.name.is_some() || r.phone.is_some() || r.email.is_some() || r.organisation.is_some();
        if staff && r.anonymous {
            *r = ReporterDto {
                anonymous: true,
                ..Default::default()
            };
        } else if !full {
            r.name = r.name.as_deref().map(mask_name);
            r.phone = r.phone.as_deref().map(mask_phone);
            r.email = r.email.as_deref().map(mask_email);
            r.organisation = r.organisation.as_deref().map(mask_organisation);
        }
        (self, full && has_data)
    }

    /// Names the outlets and lists what the reader's role may do next.
    pub fn for_reader(mut self, dir: &Directory, role: Role) -> Self {
        let name = |id: &Option<String>| {
            Some(dir.outlets.get(id.as_deref()?)?.details().name().to_owned())
        };
        self.outlet_name = name(&self.outlet_id);
        self.escalated_to_name = name(&self.escalated_to);
        if let Ok(state) = self.state.parse::<TicketState>() {
            self.allowed_actions = TicketAction::available(state, role);
        }
        self
    }

    /// The ticket with its clocks.
    pub fn new(t: Ticket, clocks: &[Clock], sys: CoordSys) -> Self {
        let location = t.location.map(|p| Location::from_wgs84(p, sys));
        Self {
            overdue: crate::hotline::view::is_overdue(clocks),
            clocks: clocks.iter().map(ClockDto::from).collect(),
            reporter: ReporterDto {
                name: t.reporter.name,
                phone: t.reporter.phone,
                email: t.reporter.email,
                organisation: t.reporter.organisation,
                anonymous: t.reporter.anonymous,
            },
            attachments: t.attachments,
            tags: t.tags,
            received_at: t.received_at,
            created_at: t.created_at,
            updated_at: t.updated_at,
            id: t.id,
            tracking_number: t.tracking_number,
            channel: t.channel.as_str().into(),
            kind: t.kind.as_str().into(),
            category: t.category.as_str().into(),
            subject: t.subject,
            description: t.description,
            location,
            region_code: t.region_code,
            agency_id: t.agency_id,
            allowed_actions: Vec::new(),
            state: t.state.as_str().into(),
            outlet_id: t.outlet_id,
            outlet_name: None,
            escalated_to: t.escalated_to,
            escalated_to_name: None,
            merged_into: t.merged_into,
            reply: t.reply,
            satisfaction: t.satisfaction.map(i32::from),
            close_reason: t.close_reason.map(|c| c.as_str().into()),
            version: t.version,
            history: None,
            suggestion: None,
            possible_duplicates: None,
            suggested_entries: None,
            service_targets: None,
            handovers: None,
        }
    }
}

/// A change to a ticket (`POST /tickets/{id}/actions`). Which fields are needed depends on the action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// classify (operator, `kind` and/or `category`); assign, reassign (operator; `outlet_id`, reassign also `note`); accept; return (`note`, within the
    /// objection period); request_info (`note`, and `public_note` for what the citizen must supply: pauses the clock until
    /// the citizen supplies it at `POST /tickets/status/supplement` or staff resume); suspend (`note`, pauses the clock); resume; request_extension
    /// (`days`, `note`); grant_extension (operator, `days`); reply (`reply`); request_callback; callback
    /// (operator, `satisfaction` 1–5, ≤ 2 reopens); answer (operator, enquiries, `reply`); close (operator,
    /// `close_reason`); merge (operator, `merge_into` ticket id).
    pub action: TicketAction,
    /// When it took effect, if recorded after the fact (not in the future, not before the last event).
    pub at: Option<DateTime<Utc>>,
    /// Reason or remark, for the hotline and outlets only (at most 5000 characters).
    #[schema(max_length = 5000)]
    pub note: Option<String>,
    /// What the citizen is shown of this step on the public status, e.g. the
    /// materials asked for with `request_info` (at most 1000 characters).
    #[schema(example = "请补充购买小票和商品照片", max_length = 1000)]
    pub public_note: Option<String>,
    /// Outlet to assign to.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub outlet_id: Option<String>,
    /// Days of an extension, 1 to 60.
    #[schema(minimum = 1, maximum = 60)]
    pub days: Option<u32>,
    /// Callback satisfaction, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub satisfaction: Option<u8>,
    /// Answer to the citizen (at most 5000 characters).
    #[schema(max_length = 5000)]
    pub reply: Option<String>,
    /// Why it is closed.
    pub close_reason: Option<CloseReason>,
    /// Id of the ticket to merge into.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub merge_into: Option<String>,
    /// New kind (classify, operator).
    pub kind: Option<TicketKind>,
    /// New category (classify, operator).
    pub category: Option<TicketCategory>,
    /// Knowledge entries the answer or reply rests on (reply, answer; at most 10).
    #[serde(default)]
    #[schema(example = json!(["kb-tm-renewal"]), schema_with = cited_entries_schema)]
    pub cited_entries: Vec<String>,
}

fn cited_entries_schema() -> utoipa::openapi::schema::Array {
    crate::domain::length::code_list(
        Some(10),
        crate::domain::length::ID,
        "Knowledge entries the answer or reply rests on (reply, answer; at most 10).",
    )
}

/// At most 10 http(s) links of at most 500 characters.
pub fn attachment_links_schema() -> utoipa::openapi::schema::Array {
    text_list(
        10,
        500,
        "Links to evidence: at most 10, http or https, each at most 500 characters.",
    )
}

fn free_tags_schema() -> utoipa::openapi::schema::Array {
    text_list(10, 50, "Free tags: at most 10, each 1 to 50 characters.")
}
