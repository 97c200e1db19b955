//! Outlets (服务网点) and the checks every write must pass.

use chrono::{DateTime, Utc};

use super::coords_mainland::in_china_extent;
use super::point::LngLat;
use super::regions::RegionTree;
use super::vocab::{OutletKind, OutletStatus, Tier};
use crate::i18n::Text;

/// A service outlet as the directory holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: OutletKind,
    pub tier: Tier,
    pub region_code: String,
    pub parent_id: Option<String>,
    pub address: String,
    pub location: LngLat,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub status: OutletStatus,
    pub status_note: Option<String>,
    pub note: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A field that failed a check, with the reason in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's name in the API.
    pub field: &'static str,
    /// Why.
    pub reason: Text,
}

/// An optional site given as `lat`/`lng` in `sys`, in WGS-84: both or neither.
pub fn optional_site(
    (lng, lat): (Option<f64>, Option<f64>),
    sys: super::coords::CoordSys,
) -> Result<Option<LngLat>, FieldError> {
    match (lng, lat) {
        (Some(lng), Some(lat)) => sys.to_wgs84(lng, lat).map(Some).map_err(|e| {
            fail(
                "lat",
                format!("坐标无效：{e}"),
                format!("invalid position: {e}"),
            )
        }),
        (None, None) => Ok(None),
        _ => Err(fail("lng", "经纬度须同时给出", "give lat and lng together")),
    }
}

/// A refusal of `field`, in both languages.
pub fn fail(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError {
        field,
        reason: Text::new(zh, en),
    }
}

fn check_len(field: &'static str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n < min || n > max || value.trim().is_empty() {
        return Err(fail(
            field,
            format!("长度须为 {min} 到 {max} 个字符，且不能全为空白"),
            format!("must be {min} to {max} characters and not blank"),
        ));
    }
    Ok(())
}

fn check_optional(
    field: &'static str,
    value: &Option<String>,
    max: usize,
) -> Result<(), FieldError> {
    value
        .as_deref()
        .map_or(Ok(()), |v| check_len(field, v, 1, max))
}

fn check_phone(phone: &str) -> Result<(), FieldError> {
    let allowed = |c: char| c.is_ascii_digit() || " +-()#".contains(c) || c.is_ascii_alphabetic();
    if !(3..=32).contains(&phone.len())
        || !phone.chars().all(allowed)
        || !phone.chars().any(|c| c.is_ascii_digit())
    {
        return Err(fail(
            "phones",
            format!("电话号码 `{phone}` 格式无效"),
            format!("`{phone}` is not a phone number"),
        ));
    }
    Ok(())
}

fn check_email(email: &str) -> Result<(), FieldError> {
    let ok = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'));
    ok.then_some(())
        .ok_or_else(|| fail("email", "电子邮箱格式无效", "is not an email address"))
}

fn check_website(url: &str) -> Result<(), FieldError> {
    let ok = url.len() <= 500
        && !url.contains(char::is_whitespace)
        && (url.starts_with("https://") || url.starts_with("http://"))
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    ok.then_some(()).ok_or_else(|| {
        fail(
            "website",
            "网址须以 http:// 或 https:// 开头",
            "must be an http:// or https:// URL",
        )
    })
}

impl Outlet {
    /// Checks the fields against each other, the region tree and the other
    /// outlets (`parent_of` gives an outlet's parent id, if the outlet exists).
    pub fn validate(
        &self,
        regions: &RegionTree,
        parent_of: impl Fn(&str) -> Option<Option<String>>,
    ) -> Result<(), FieldError> {
        check_len("name", &self.name, 1, 200)?;
        check_optional("name_en", &self.name_en, 200)?;
        check_len("address", &self.address, 1, 500)?;
        check_optional("status_note", &self.status_note, 500)?;
        check_optional("note", &self.note, 1000)?;
        if self.phones.len() > 10 {
            return Err(fail(
                "phones",
                "最多 10 个电话号码",
                "at most 10 phone numbers",
            ));
        }
        self.phones.iter().try_for_each(|p| check_phone(p))?;
        self.email.as_deref().map_or(Ok(()), check_email)?;
        self.website.as_deref().map_or(Ok(()), check_website)?;
        self.check_verified_at()?;
        if !in_china_extent(self.location.lng(), self.location.lat()) {
            return Err(fail(
                "location",
                "位置不在中国境内（经纬度是否颠倒？）",
                "is outside China (longitude and latitude swapped?)",
            ));
        }
        self.check_region(regions)?;
        self.check_parent(parent_of)
    }

    /// A verification is in the past (a day's grace for clocks), and after
    /// 1970: the directory holds times as nanoseconds since then.
    fn check_verified_at(&self) -> Result<(), FieldError> {
        let Some(at) = self.verified_at else {
            return Ok(());
        };
        if at.timestamp() < 0 || at > self.updated_at + chrono::Duration::days(1) {
            return Err(fail(
                "verified_at",
                "核实时间须在 1970 年之后且不晚于当前时间",
                "must be after 1970 and not in the future",
            ));
        }
        Ok(())
    }

    fn check_region(&self, regions: &RegionTree) -> Result<(), FieldError> {
        let Some(region) = regions.get(&self.region_code) else {
            let code = &self.region_code;
            return Err(fail(
                "region_code",
                format!("行政区划 `{code}` 不存在"),
                format!("region `{code}` does not exist"),
            ));
        };
        let allowed = region.level.tiers();
        if !allowed.contains(&self.tier) {
            let names: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
            let (level, list) = (region.level.as_str(), names.join(", "));
            return Err(fail(
                "tier",
                format!("{level} 级行政区划的网点层级只能是 {list}"),
                format!("an outlet in a {level} region must have tier {list}"),
            ));
        }
        Ok(())
    }

    fn check_parent(
        &self,
        parent_of: impl Fn(&str) -> Option<Option<String>>,
    ) -> Result<(), FieldError> {
        let mut next = self.parent_id.clone();
        for _ in 0..64 {
            let Some(id) = next else { return Ok(()) };
            if id == self.id {
                return Err(fail(
                    "parent_id",
                    "上级网点不能形成循环",
                    "the parent chain would form a cycle",
                ));
            }
            next = parent_of(&id).ok_or_else(|| {
                fail(
                    "parent_id",
                    format!("上级网点 `{id}` 不存在"),
                    format!("parent outlet `{id}` does not exist"),
                )
            })?;
        }
        Err(fail(
            "parent_id",
            "上级网点层级过深",
            "the parent chain is too deep",
        ))
    }
}

/// A valid county outlet in 平遥县 (140728) with nothing optional, for tests.
#[cfg(test)]
pub(crate) fn sample(id: &str, name: &str) -> Outlet {
    let now = Utc::now();
    Outlet {
        id: id.into(),
        name: name.into(),
        name_en: None,
        kind: OutletKind::ServiceWorkstation,
        tier: Tier::County,
        region_code: "140728".into(),
        parent_id: None,
        address: "山西省晋中市平遥县".into(),
        location: LngLat::new(112.17, 37.19).expect("inside China"),
        phones: Vec::new(),
        email: None,
        website: None,
        status: OutletStatus::Normal,
        status_note: None,
        note: None,
        verified_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

#[cfg(test)]
#[path = "outlet_tests.rs"]
mod tests;
