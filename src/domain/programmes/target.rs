//! Service targets (服务对象): the labs, universities, institutes and firms a
//! commissioner serves, identified by their unified social credit code.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::credit_code::CreditCode;
use super::vocab::{TargetLevel, TargetType};
use crate::domain::coords::CoordSys;
use crate::domain::outlet::{fail, optional_site, FieldError};
use crate::domain::point::LngLat;
use crate::domain::regions::RegionTree;
use crate::domain::vocab::RegionLevel;

/// A service target as registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetDraft {
    /// The unit's registered name.
    #[schema(example = "山西某某新材料科技有限公司", max_length = 200)]
    pub name: String,
    /// Unified social credit code (统一社会信用代码), check character validated.
    #[schema(example = "91350100M000100Y43", pattern = "^[0-9A-HJ-NPQRTUWXY]{18}$")]
    pub credit_code: String,
    /// What kind of body it is.
    pub target_type: TargetType,
    /// National, provincial or local.
    pub level: TargetLevel,
    /// Code of the region it is in.
    #[schema(example = "140702", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: String,
    /// Latitude of its site, in `coord_sys`.
    pub lat: Option<f64>,
    /// Longitude of its site, in `coord_sys`.
    pub lng: Option<f64>,
    /// System of `lat`/`lng`; default `wgs84`.
    #[serde(default)]
    pub coord_sys: CoordSys,
    /// Who recruited it: the province for national and provincial bodies,
    /// otherwise the city or county it is in.
    #[schema(example = "140700", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub recruited_by_region: String,
}

/// A stored service target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// `st-…`.
    pub id: String,
    /// The unit's registered name.
    pub name: String,
    /// Its credit code.
    pub credit_code: CreditCode,
    /// What kind of body it is.
    pub target_type: TargetType,
    /// National, provincial or local.
    pub level: TargetLevel,
    /// The region it is in.
    pub region_code: String,
    /// Its site, WGS-84.
    pub location: Option<LngLat>,
    /// The region that recruited it.
    pub recruited_by_region: String,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
}

impl TargetDraft {
    /// Checks the draft against the region tree and makes the target.
    pub fn validate(
        self,
        regions: &RegionTree,
        (id, now): (String, DateTime<Utc>),
    ) -> Result<Target, FieldError> {
        let name = self.name.trim().to_owned();
        if !(2..=200).contains(&name.chars().count()) {
            return Err(fail(
                "name",
                "须为 2 到 200 个字符",
                "must be 2 to 200 characters",
            ));
        }
        let credit_code = CreditCode::parse(&self.credit_code).map_err(|e| {
            let (zh, en) = e.labels();
            fail("credit_code", zh, en)
        })?;
        let region = (regions.index_of(&self.region_code))
            .ok_or_else(|| fail("region_code", "行政区划不存在", "no such region"))?;
        let location = optional_site((self.lng, self.lat), self.coord_sys)?;
        check_recruiter(regions, region, self.level, &self.recruited_by_region)?;
        Ok(Target {
            id,
            name,
            credit_code,
            target_type: self.target_type,
            level: self.level,
            region_code: self.region_code,
            location,
            recruited_by_region: self.recruited_by_region,
            created_at: now,
        })
    }
}

/// National and provincial bodies are recruited by their province directly,
/// the others by the city or county they are in.
fn check_recruiter(
    regions: &RegionTree,
    region: usize,
    level: TargetLevel,
    recruiter: &str,
) -> Result<(), FieldError> {
    let found = regions
        .ancestors(region)
        .map(|i| regions.region(i))
        .find(|r| r.code == recruiter);
    let ok = match (found.map(|r| r.level), level) {
        (None, _) => false,
        (Some(l), TargetLevel::National | TargetLevel::Provincial) => l == RegionLevel::Province,
        (Some(l), TargetLevel::Local) => {
            matches!(l, RegionLevel::Prefecture | RegionLevel::County)
        }
    };
    if ok {
        return Ok(());
    }
    Err(match level {
        TargetLevel::Local => fail(
            "recruited_by_region",
            "市县级服务对象由其所在的市或县遴选",
            "a local target is recruited by the city or county it is in",
        ),
        _ => fail(
            "recruited_by_region",
            "国家级和省级服务对象由所在省直接遴选",
            "a national or provincial target is recruited by its province directly",
        ),
    })
}
