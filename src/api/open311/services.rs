//! The Open311 services: ticket categories, and the intake form's attributes.

use strum::IntoEnumIterator;

use crate::api::open311::dto::{
    Open311Attribute, Open311Service, Open311ServiceDefinition, Open311Value,
};
use crate::domain::ticket::{TicketCategory, TicketKind};
use crate::i18n::Lang;

/// The (zh, en) description, keywords and (zh, en) group of a category.
fn about(
    c: TicketCategory,
) -> (
    (&'static str, &'static str),
    &'static str,
    (&'static str, &'static str),
) {
    const RIGHTS: (&str, &str) = ("知识产权", "IP rights");
    const MARKET: (&str, &str) = ("市场秩序", "Market order");
    const POLICY: (&str, &str) = ("政策法律", "Policy and law");
    use TicketCategory as C;
    match c {
        C::Patent => (
            (
                "专利申请、审查、运用与侵权的咨询、投诉、举报和维权援助",
                "Patent filing, use and infringement",
            ),
            "专利,发明,实用新型,外观设计,patent",
            RIGHTS,
        ),
        C::Trademark => (
            (
                "商标注册、使用、假冒与侵权的咨询、投诉、举报和维权援助",
                "Trademark registration, use, counterfeits and infringement",
            ),
            "商标,假冒,品牌,trademark,counterfeit",
            RIGHTS,
        ),
        C::Copyright => (
            (
                "著作权登记与侵权",
                "Copyright registration and infringement",
            ),
            "版权,著作权,盗版,copyright,piracy",
            RIGHTS,
        ),
        C::GeographicalIndication => (
            (
                "地理标志保护与使用",
                "Geographical indication protection and use",
            ),
            "地理标志,地标产品,geographical indication",
            RIGHTS,
        ),
        C::AgencyMisconduct => (
            (
                "专利、商标代理机构违法违规行为",
                "Misconduct of patent and trademark agencies",
            ),
            "代理机构,非正常申请,agency,misconduct",
            MARKET,
        ),
        C::Policy => (
            (
                "知识产权资助、奖补与政策咨询",
                "IP funding, subsidies and policy",
            ),
            "政策,资助,奖补,policy,subsidy",
            POLICY,
        ),
        C::Legal => (
            ("知识产权法律问题咨询", "Legal questions on IP"),
            "法律,诉讼,维权,legal,litigation",
            POLICY,
        ),
        C::Other => (
            ("其他知识产权诉求", "Other IP matters"),
            "其他,other",
            POLICY,
        ),
    }
}

fn pick(lang: Lang, (zh, en): (&'static str, &'static str)) -> &'static str {
    lang.pick(zh, en)
}

/// Every service, in the caller's language.
pub fn services(lang: Lang) -> Vec<Open311Service> {
    TicketCategory::iter()
        .map(|c| {
            let (description, keywords, group) = about(c);
            Open311Service {
                service_code: c.as_str().to_owned(),
                service_name: pick(lang, c.labels()).to_owned(),
                description: pick(lang, description).to_owned(),
                metadata: true,
                service_type: "realtime".into(),
                keywords: keywords.into(),
                group: pick(lang, group).to_owned(),
            }
        })
        .collect()
}

fn attribute(
    (code, datatype, required, order): (&str, &str, bool, u32),
    description: &str,
    hint: Option<&str>,
    values: Vec<Open311Value>,
) -> Open311Attribute {
    Open311Attribute {
        variable: true,
        code: code.into(),
        datatype: datatype.into(),
        required,
        datatype_description: hint.map(str::to_owned),
        order,
        description: description.into(),
        values,
    }
}

/// The intake form of every service.
pub fn definition(code: &str, lang: Lang) -> Open311ServiceDefinition {
    let value = |key: &str, name: &str| Open311Value {
        key: key.into(),
        name: name.into(),
    };
    let kinds = TicketKind::iter()
        .map(|k| value(k.as_str(), pick(lang, k.labels())))
        .collect();
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let systems = ["wgs84", "gcj02", "bd09"].map(|s| value(s, s)).into();
    let attributes = vec![
        attribute(
            ("kind", "singlevaluelist", false, 1),
            t(
                "诉求类型（不填：代理机构违规为投诉，其余为咨询）",
                "What do you want? (default: complaint for agency misconduct, enquiry otherwise)",
            ),
            None,
            kinds,
        ),
        attribute(
            ("subject", "string", false, 2),
            t(
                "标题（不填则取描述开头）",
                "Subject (default: start of the description)",
            ),
            Some("1-200"),
            vec![],
        ),
        attribute(
            ("region_code", "string", false, 3),
            t(
                "所涉行政区划代码（无坐标时用于派单）",
                "Region code concerned, used for referral without lat/long",
            ),
            Some("GB/T 2260, e.g. 140728"),
            vec![],
        ),
        attribute(
            ("anonymous", "singlevaluelist", false, 4),
            t("是否匿名", "Stay anonymous?"),
            None,
            vec![
                value("false", t("实名", "No")),
                value("true", t("匿名", "Yes")),
            ],
        ),
        attribute(
            ("coord_sys", "singlevaluelist", false, 5),
            t(
                "lat/long 的坐标系（默认 wgs84）",
                "Coordinate system of lat/long (default wgs84)",
            ),
            None,
            systems,
        ),
    ];
    Open311ServiceDefinition {
        service_code: code.into(),
        attributes,
    }
}
