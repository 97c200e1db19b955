//! The register of IP service agencies (知识产权服务机构): who they are and
//! their public credit information (the credit module).

pub mod credit;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::coords::CoordSys;
use super::outlet::{fail, optional_site, FieldError};
use super::point::LngLat;
use super::programmes::credit_code::CreditCode;
use crate::domain::length::within;
use crate::vocabulary;

vocabulary! {
    /// Kind of service an agency offers.
    AgencyKind {
        /// 专利代理.
        PatentAgency => ("专利代理", "Patent agency"),
        /// 商标代理.
        TrademarkAgency => ("商标代理", "Trademark agency"),
        /// 其他知识产权服务.
        Other => ("其他知识产权服务", "Other IP services"),
    }
}

vocabulary! {
    /// Standing of an agency.
    AgencyStatus {
        /// 存续.
        Active => ("存续", "Active"),
        /// 停业.
        Suspended => ("停业", "Suspended"),
        /// 注销.
        Deregistered => ("注销", "Deregistered"),
    }
}

/// An agency as registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyDraft {
    /// Registered name.
    #[schema(example = "山西某某专利代理事务所（普通合伙）", max_length = 200)]
    pub name: String,
    /// Unified social credit code, check character validated.
    #[schema(example = "91350100M000100Y43", pattern = "^[0-9A-HJ-NPQRTUWXY]{18}$")]
    pub credit_code: String,
    /// Kinds of service (at least one).
    pub kinds: Vec<AgencyKind>,
    /// Licence number (patent agencies: 专利代理机构执业许可证号).
    #[schema(max_length = 50)]
    pub licence_number: Option<String>,
    /// Region it is registered in (6 digits, a park's `<county>P<nn>`).
    #[schema(example = "140702", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: String,
    /// Address.
    #[schema(example = "晋中市榆次区迎宾街1号", max_length = 300)]
    pub address: String,
    /// Latitude in `coord_sys`.
    pub lat: Option<f64>,
    /// Longitude in `coord_sys`.
    pub lng: Option<f64>,
    /// Default `wgs84`.
    #[serde(default)]
    pub coord_sys: CoordSys,
    /// Standing; default `active`.
    #[serde(default = "active")]
    pub status: AgencyStatus,
    /// Years whose annual report (年度报告) was filed, 2000 to 2100.
    #[serde(default)]
    #[schema(schema_with = report_years)]
    pub annual_reports: Vec<i32>,
}

/// The annual reports' schema: years, each within 2000 to 2100.
fn report_years() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let year = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .minimum(Some(2000))
        .maximum(Some(2100));
    ArrayBuilder::new()
        .items(year)
        .description(Some(
            "Years whose annual report (年度报告) was filed, 2000 to 2100.",
        ))
        .examples([serde_json::json!([2024, 2025])])
        .build()
}

fn active() -> AgencyStatus {
    AgencyStatus::Active
}

/// A stored agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    /// `ag-…`.
    pub id: String,
    /// As registered (position converted).
    pub draft: AgencyDraft,
    /// Its site, WGS-84.
    pub location: Option<LngLat>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on each change.
    pub version: i64,
}

impl AgencyDraft {
    /// Checks the draft (the region by the caller); the site in WGS-84.
    pub fn validate(&self) -> Result<Option<LngLat>, FieldError> {
        if !within(&self.name, 2..=200) || !within(&self.address, 2..=300) {
            return Err(fail(
                "name",
                "名称须为 2 到 200 个字符，地址 2 到 300 个字符",
                "name must be 2 to 200 characters, address 2 to 300",
            ));
        }
        CreditCode::parse(&self.credit_code).map_err(|e| {
            let (zh, en) = e.labels();
            fail("credit_code", zh, en)
        })?;
        if self.kinds.is_empty() {
            return Err(fail("kinds", "至少一种服务", "at least one kind"));
        }
        if self
            .licence_number
            .as_deref()
            .is_some_and(|l| !within(l, 2..=50))
        {
            return Err(fail(
                "licence_number",
                "须为 2 到 50 个字符",
                "must be 2 to 50 characters",
            ));
        }
        if self
            .annual_reports
            .iter()
            .any(|y| !(2000..=2100).contains(y))
        {
            return Err(fail(
                "annual_reports",
                "年份须为 2000 到 2100",
                "years must be from 2000 to 2100",
            ));
        }
        optional_site((self.lng, self.lat), self.coord_sys)
    }
}
