//! Closed vocabularies of the directory, stored as their snake_case names and
//! labelled in Chinese and English.

/// Defines a vocabulary enum with its zh/en labels in one place.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => ($zh:literal, $en:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize,
                 ::utoipa::ToSchema, ::strum::EnumString, ::strum::IntoStaticStr, ::strum::EnumIter)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// The stored and serialized name.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// The (Chinese, English) label.
            pub fn labels(self) -> (&'static str, &'static str) {
                match self { $($name::$variant => ($zh, $en)),+ }
            }
        }
    };
}

vocabulary! {
    /// Kind of service outlet (网点类型).
    OutletKind {
        /// 知识产权公共服务中心: one-stop service zone.
        PublicServiceCenter => ("知识产权公共服务中心", "IP public service centre"),
        /// 商标业务受理窗口: accepts trademark filings on behalf of CNIPA.
        TrademarkAcceptanceWindow => ("商标业务受理窗口", "Trademark acceptance window"),
        /// 商标品牌指导站: brand guidance in parks, markets and towns.
        TrademarkBrandStation => ("商标品牌指导站", "Trademark brand guidance station"),
        /// 维权援助中心/分中心/工作站: rights-protection assistance (12330).
        ProtectionAssistanceCenter => ("知识产权维权援助中心", "IP rights-protection assistance centre"),
        /// 知识产权保护中心: fast examination and protection.
        ProtectionCenter => ("知识产权保护中心", "IP protection centre"),
        /// 快速维权中心: fast rights protection for an industry.
        FastProtectionCenter => ("知识产权快速维权中心", "IP fast protection centre"),
        /// 专利代办处: CNIPA local patent office.
        PatentAgencyOffice => ("专利代办处", "Patent agency office"),
        /// 知识产权服务工作站: county or park workstation.
        ServiceWorkstation => ("知识产权服务工作站", "IP service workstation"),
        /// 信息服务网点 / TISC: search, analysis, patent navigation.
        InformationServicePoint => ("知识产权信息公共服务网点", "IP information service point"),
    }
}

vocabulary! {
    /// Tier of the network (层级): city / county / park, plus upstream partners.
    Tier {
        /// 国家级: national upstream partner.
        National => ("国家级", "National"),
        /// 省级: provincial upstream partner.
        Province => ("省级", "Province"),
        /// 市级: prefecture-level city.
        City => ("市级", "City"),
        /// 县(区、市)级.
        County => ("县级", "County"),
        /// 园区级: industrial or development park.
        Park => ("园区级", "Park"),
    }
}

vocabulary! {
    /// Operating status of an outlet (运营状态).
    OutletStatus {
        /// 正常: open as usual.
        Normal => ("正常", "Normal"),
        /// 公告: open, with a notice to read first.
        Notice => ("公告", "Notice"),
        /// 部分服务: some services unavailable.
        Limited => ("部分服务", "Limited"),
        /// 已关闭: closed; kept for history.
        Closed => ("已关闭", "Closed"),
    }
}

vocabulary! {
    /// Level of an administrative region (行政区划级别).
    RegionLevel {
        /// 省级: province, autonomous region, municipality, SAR.
        Province => ("省级", "Province"),
        /// 地级: prefecture-level city, league, prefecture (the `city` tier).
        Prefecture => ("地级", "Prefecture"),
        /// 县级: county, district, county-level city, banner.
        County => ("县级", "County"),
        /// 园区: a park inside a county, code `<county code>P<nn>`.
        Park => ("园区", "Park"),
    }
}

vocabulary! {
    /// Role of an API key (角色).
    Role {
        /// 管理员: manages the directory and keys.
        Admin => ("管理员", "Administrator"),
        /// 热线话务员: logs and routes hotline tickets.
        Operator => ("热线话务员", "Hotline operator"),
        /// 网点工作人员: handles referrals for one outlet and those under it.
        OutletStaff => ("网点工作人员", "Outlet staff"),
        /// 审计员: read-only statistics and audit logs.
        Auditor => ("审计员", "Auditor"),
        /// Open311 接入应用: a civic app that submits tickets through Open311 only.
        Open311Client => ("Open311 接入应用", "Open311 client app"),
        /// 知识产权服务专员: logs visits to the service targets assigned to them.
        Commissioner => ("知识产权服务专员", "Service commissioner"),
        /// 知识产权特派员: logs visits to the region assigned to them.
        Envoy => ("知识产权特派员", "Special envoy"),
    }
}

vocabulary! {
    /// Category of a service matter (事项类别).
    MatterCategory {
        /// 商标.
        Trademark => ("商标", "Trademark"),
        /// 专利.
        Patent => ("专利", "Patent"),
        /// 维权保护.
        RightsProtection => ("维权保护", "Rights protection"),
        /// 信息服务.
        Information => ("信息服务", "Information services"),
        /// 地理标志.
        GeographicalIndication => ("地理标志", "Geographical indication"),
        /// 投诉举报.
        ComplaintReport => ("投诉举报", "Complaints and reports"),
    }
}

vocabulary! {
    /// How sure we are of a time limit's source.
    Confidence {
        /// Checked against the text of the law.
        High => ("已核实", "Verified"),
        /// From the law, article or edition not re-checked.
        Medium => ("较可靠", "Medium"),
        /// From a secondary source.
        Low => ("待核实", "Low"),
        /// No source could be verified: a configurable default, not law.
        Unverified => ("未核实（可配置默认值）", "Unverified (configurable default)"),
    }
}

vocabulary! {
    /// Form in which a material is handed in.
    MaterialForm {
        /// 原件.
        Original => ("原件", "Original"),
        /// 复印件.
        Copy => ("复印件", "Copy"),
        /// 原件及复印件.
        OriginalAndCopy => ("原件及复印件", "Original and copy"),
        /// 电子文件.
        Electronic => ("电子文件", "Electronic"),
    }
}

impl RegionLevel {
    /// The network tier an outlet registered in a region of this level belongs to.
    pub fn tiers(self) -> &'static [Tier] {
        match self {
            // Municipalities (直辖市) are provinces that also act as the city tier.
            RegionLevel::Province => &[Tier::National, Tier::Province, Tier::City],
            RegionLevel::Prefecture => &[Tier::City],
            RegionLevel::County => &[Tier::County],
            RegionLevel::Park => &[Tier::Park],
        }
    }

    /// The tier name a located region of this level stands for.
    pub fn tier(self) -> Tier {
        match self {
            RegionLevel::Province => Tier::Province,
            RegionLevel::Prefecture => Tier::City,
            RegionLevel::County => Tier::County,
            RegionLevel::Park => Tier::Park,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use strum::IntoEnumIterator;

    #[test]
    fn names_round_trip_through_storage_and_json() {
        for kind in OutletKind::iter() {
            assert_eq!(OutletKind::from_str(kind.as_str()).unwrap(), kind);
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(
            OutletKind::TrademarkBrandStation.as_str(),
            "trademark_brand_station"
        );
        assert!(OutletStatus::from_str("open").is_err());
    }
}
