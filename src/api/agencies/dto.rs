//! What the agency endpoints answer.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::agencies::profile::Profile;
use crate::api::http::dto::Location;
use crate::domain::agencies::credit::{CreditGrade, CreditRecord};
use crate::domain::agencies::{AgencyKind, AgencyStatus};
use crate::domain::coords::CoordSys;

/// An agency in the register, with its current grade and listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyDto {
    /// Id.
    #[schema(example = "ag-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// Registered name.
    #[schema(example = "山西某某专利代理事务所（普通合伙）")]
    pub name: String,
    /// Unified social credit code.
    pub credit_code: String,
    /// Kinds of service.
    pub kinds: Vec<AgencyKind>,
    /// Licence number.
    pub licence_number: Option<String>,
    /// Region.
    pub region_code: String,
    /// Address.
    pub address: String,
    /// Site in the requested `coord_sys`.
    pub location: Option<Location>,
    /// Standing.
    pub status: AgencyStatus,
    /// Years whose annual report was filed.
    pub annual_reports: Vec<i32>,
    /// Grade of the latest credit evaluation (`null`: none).
    pub grade: Option<CreditGrade>,
    /// On a list of abnormal operations or serious violations now.
    pub listed: bool,
    /// Send as `If-Match` to change it.
    pub version: i64,
}

impl AgencyDto {
    /// A profile's summary, its site in `sys`.
    pub fn new(p: &Profile, sys: CoordSys) -> Self {
        let d = &p.agency.draft;
        Self {
            id: p.agency.id.clone(),
            name: d.name.clone(),
            credit_code: d.credit_code.clone(),
            kinds: d.kinds.clone(),
            licence_number: d.licence_number.clone(),
            region_code: d.region_code.clone(),
            address: d.address.clone(),
            location: p.agency.location.map(|l| Location::from_wgs84(l, sys)),
            status: d.status,
            annual_reports: d.annual_reports.clone(),
            grade: p.grade(),
            listed: p.listed(),
            version: p.agency.version,
        }
    }
}

/// A credit record with its id.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordDto {
    /// Id (to correct it, e.g. when a listing is removed).
    #[schema(example = "cr-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub id: String,
    /// The record.
    #[serde(flatten)]
    pub record: CreditRecord,
}

/// An agency's public profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyProfile {
    /// The agency.
    #[serde(flatten)]
    pub agency: AgencyDto,
    /// Credit evaluations, list entries and penalties, oldest first.
    pub records: Vec<RecordDto>,
    /// Complaints about it (tickets of category `agency_misconduct`) by state; never their contents.
    #[schema(example = json!({"assigned": 1, "closed": 3}))]
    pub complaints: BTreeMap<String, i64>,
}
