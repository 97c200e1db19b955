//! Service matters (服务事项) and their published guides (办事指南).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::calendar::DayKind;
use super::length::within;
use super::outlet::FieldError;
use super::ticket::TicketKind;
use super::vocab::{Confidence, MaterialForm, MatterCategory};
use crate::i18n::Text;

/// A time limit (时限) and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Number of days, 1 to 3650.
    #[schema(example = 7, minimum = 1, maximum = 3650)]
    pub days: u32,
    /// Working (工作日) or calendar (自然日) days.
    pub day_kind: DayKind,
    /// The law, article or notice the limit comes from (at most 500 characters).
    #[schema(max_length = 500)]
    pub source: String,
    /// How sure we are of the source; `unverified` limits are configuration, not law.
    pub confidence: Confidence,
}

/// A document the applicant hands in (申请材料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// What it is (at most 200 characters).
    #[schema(max_length = 200)]
    pub name: String,
    /// Original, copy or both.
    pub form: MaterialForm,
    /// How many copies, 0 to 100.
    #[schema(maximum = 100)]
    pub copies: u32,
    /// Remarks (at most 500 characters).
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// One step of the procedure (办理流程).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Name of the step (at most 200 characters).
    #[schema(max_length = 200)]
    pub name: String,
    /// Who acts: the applicant, the window, the examiner… (at most 100 characters).
    #[schema(max_length = 100)]
    pub actor: String,
    /// What happens (at most 2,000 characters).
    #[schema(max_length = 2000)]
    pub description: String,
    /// Limit of this step, if any.
    pub limit: Option<TimeLimit>,
}

/// The published guide of a service matter; also the body of `PUT /matters/{code}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatterGuide {
    /// Chinese name.
    #[schema(example = "专利权质押登记", max_length = 200)]
    pub name: String,
    /// English name (at most 200 characters).
    #[schema(max_length = 200)]
    pub name_en: Option<String>,
    /// Category.
    pub category: MatterCategory,
    /// What the matter is (at most 5,000 characters).
    #[schema(max_length = 5000)]
    pub description: String,
    /// Laws and regulations it rests on (设定依据).
    #[schema(schema_with = legal_basis_schema)]
    pub legal_basis: Vec<String>,
    /// Who may apply (申请条件 / 服务对象; at most 2,000 characters).
    #[schema(max_length = 2000)]
    pub applicants: String,
    /// What to hand in (at most 50).
    #[schema(max_items = 50)]
    pub materials: Vec<Material>,
    /// The procedure, in order (at most 50 steps).
    #[schema(max_items = 50)]
    pub steps: Vec<Step>,
    /// Ids of the outlets offering the matter (办理渠道) besides those the
    /// hotline's competence matrix names for `ticket_kinds`.
    #[serde(default)]
    #[schema(schema_with = outlet_ids_schema)]
    pub outlet_ids: Vec<String>,
    /// Hotline ticket kinds this matter is the handling of (e.g. `complaint`
    /// for 投诉处理): every outlet whose kind the competence matrix
    /// (`GET /api/v1/hotline/rules`) names for them offers it, so the
    /// catalogue and the referral never disagree.
    #[serde(default)]
    pub ticket_kinds: Vec<TicketKind>,
    /// Where to apply online (at most 2,000 characters).
    #[schema(max_length = 2000)]
    pub online_url: Option<String>,
    /// Fees (收费标准); 「不收费」 when free (at most 500 characters).
    #[schema(max_length = 500)]
    pub fee: String,
    /// Statutory limit (法定时限).
    pub legal_limit: Option<TimeLimit>,
    /// Limit the outlets promise (承诺时限).
    pub promised_limit: Option<TimeLimit>,
}

/// Outlets offering a matter: ids as stored.
fn outlet_ids_schema() -> utoipa::openapi::schema::Array {
    super::length::code_list(
        None,
        super::length::ID,
        "Ids of the outlets offering the matter (办理渠道) besides those the hotline's competence matrix names for `ticket_kinds`.",
    )
}

/// The legal basis (of a matter, or of a knowledge entry): at most 30 laws
/// or articles of 1 to 500 characters.
pub(crate) fn legal_basis_schema() -> utoipa::openapi::schema::Array {
    super::length::text_list(
        30,
        500,
        "Laws and regulations it rests on (设定依据): at most 30, each 1 to 500 characters.",
    )
}

/// Whether a legal basis holds at most 30 texts of 1 to 500 characters.
pub(crate) fn legal_basis_ok(texts: &[String]) -> bool {
    texts.len() <= 30 && texts.iter().all(|t| within(t, 1..=500))
}

fn fail(field: &'static str, zh: &str, en: &str) -> FieldError {
    FieldError {
        field,
        reason: Text::new(zh, en),
    }
}

fn limit_ok(limit: &Option<TimeLimit>, field: &'static str) -> Result<(), FieldError> {
    match limit {
        Some(l) if l.days == 0 || l.days > 3650 => Err(fail(
            field,
            "天数须为 1 到 3650",
            "days must be from 1 to 3650",
        )),
        Some(l) if !within(&l.source, 1..=500) => Err(fail(
            field,
            "须注明来源，不超过 500 字",
            "must name its source, in at most 500 characters",
        )),
        _ => Ok(()),
    }
}

/// Checks a matter code: 2 to 64 lowercase letters, digits and underscores.
pub fn check_code(code: &str) -> Result<(), FieldError> {
    let ok = (2..=64).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    ok.then_some(()).ok_or_else(|| {
        fail(
            "code",
            "须为 2 到 64 个小写字母、数字或下划线",
            "must be 2 to 64 lowercase letters, digits or underscores",
        )
    })
}

impl MatterGuide {
    /// The texts and lists within the bounds the API document states:
    /// counted as sent, the first field past its bound named.
    fn check_lengths(&self) -> Result<(), FieldError> {
        let long = |t: &str, max: usize| !within(t, 0..=max);
        let material = |m: &Material| {
            long(&m.name, 200) || m.note.as_deref().is_some_and(|n| long(n, 500)) || m.copies > 100
        };
        let step =
            |s: &Step| long(&s.name, 200) || long(&s.actor, 100) || long(&s.description, 2000);
        let over = [
            (
                "name_en",
                self.name_en.as_deref().is_some_and(|t| long(t, 200)),
            ),
            ("description", long(&self.description, 5000)),
            ("legal_basis", !legal_basis_ok(&self.legal_basis)),
            ("applicants", long(&self.applicants, 2000)),
            (
                "materials",
                self.materials.len() > 50 || self.materials.iter().any(material),
            ),
            (
                "steps",
                self.steps.len() > 50 || self.steps.iter().any(step),
            ),
            (
                "online_url",
                self.online_url.as_deref().is_some_and(|u| long(u, 2000)),
            ),
            ("fee", long(&self.fee, 500)),
        ];
        match over.into_iter().find(|(_, past)| *past) {
            Some((field, _)) => Err(fail(
                field,
                "超出长度或条数上限（见接口文档）",
                "past its length or count limit (see the API document)",
            )),
            None => Ok(()),
        }
    }

    /// Checks what does not need the directory; `outlet_exists` checks channels.
    pub fn validate(&self, outlet_exists: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        if !within(&self.name, 1..=200) {
            return Err(fail(
                "name",
                "须为 1 到 200 个字符",
                "must be 1 to 200 characters",
            ));
        }
        if self.steps.is_empty() {
            return Err(fail(
                "steps",
                "至少需要一个办理步骤",
                "needs at least one step",
            ));
        }
        limit_ok(&self.legal_limit, "legal_limit")?;
        limit_ok(&self.promised_limit, "promised_limit")?;
        self.steps
            .iter()
            .try_for_each(|s| limit_ok(&s.limit, "steps"))?;
        self.check_lengths()?;
        if let Some(url) = &self.online_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(fail(
                    "online_url",
                    "须为 http(s) 网址",
                    "must be an http(s) URL",
                ));
            }
        }
        match self.outlet_ids.iter().find(|id| !outlet_exists(id)) {
            Some(_) => Err(fail(
                "outlet_ids",
                "列出的网点不存在",
                "names an outlet that does not exist",
            )),
            None => Ok(()),
        }
    }
}
