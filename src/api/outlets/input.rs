//! Request bodies for creating and changing outlets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::api::http::dto::Location;
use crate::domain::coords::CoordSys;
use crate::domain::outlet::Outlet;
use crate::domain::point::LngLat;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};
use crate::error::AppError;
use crate::i18n::Text;

/// A new outlet. Positions are in the `coord_sys` query parameter's system.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutletInput {
    /// Official Chinese name, 1 to 200 characters.
    #[schema(example = "平遥县知识产权服务工作站", max_length = 200)]
    pub name: String,
    /// English name, at most 200 characters.
    #[schema(max_length = 200)]
    pub name_en: Option<String>,
    /// What kind of outlet this is.
    pub kind: OutletKind,
    /// Tier; must fit the region's level (a county region takes `county`).
    pub tier: Tier,
    /// Region code the outlet is registered in (6 digits, a park's `<county>P<nn>`).
    #[schema(example = "140728", pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: String,
    /// The outlet this one reports to.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub parent_id: Option<String>,
    /// Street address, 1 to 500 characters.
    #[schema(max_length = 500)]
    pub address: String,
    /// Position in `coord_sys`.
    pub location: Location,
    /// Telephone numbers (at most 10), each 3 to 32 characters.
    #[serde(default)]
    #[schema(schema_with = phones_schema)]
    pub phones: Vec<String>,
    /// Contact email, at most 254 characters.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Web site (http or https), at most 500 characters.
    #[schema(max_length = 500)]
    pub website: Option<String>,
    /// Operating status (default `normal`).
    pub status: Option<OutletStatus>,
    /// Notice explaining the status, at most 500 characters.
    #[schema(max_length = 500)]
    pub status_note: Option<String>,
    /// Public remark, at most 1,000 characters.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
    /// When the details were last checked on site: after 1970, not in the future.
    pub verified_at: Option<DateTime<Utc>>,
}

/// Changes to an outlet: only the fields present change; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutletPatch {
    /// Official Chinese name, 1 to 200 characters.
    #[schema(max_length = 200)]
    pub name: Option<String>,
    /// English name, at most 200 characters (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub name_en: Option<Option<String>>,
    /// Kind of outlet.
    pub kind: Option<OutletKind>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Region code (6 digits, a park's `<county>P<nn>`).
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// Parent outlet (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub parent_id: Option<Option<String>>,
    /// Street address, 1 to 500 characters.
    #[schema(max_length = 500)]
    pub address: Option<String>,
    /// Position in `coord_sys`.
    pub location: Option<Location>,
    /// Telephone numbers (replaces the list; at most 10, each 3 to 32 characters).
    #[schema(schema_with = phones_patch_schema)]
    pub phones: Option<Vec<String>>,
    /// Contact email, at most 254 characters (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
    /// Web site, at most 500 characters (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub website: Option<Option<String>>,
    /// Operating status.
    pub status: Option<OutletStatus>,
    /// Status notice, at most 500 characters (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub status_note: Option<Option<String>>,
    /// Public remark, at most 1,000 characters (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub note: Option<Option<String>>,
    /// When the details were last checked on site: after 1970, not in the
    /// future (`null` clears).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub verified_at: Option<Option<DateTime<Utc>>>,
}

/// Telephone numbers: at most 10, each 3 to 32 characters.
fn phones_schema() -> utoipa::openapi::schema::Array {
    phones(
        false,
        "Telephone numbers: at most 10, each 3 to 32 characters.",
    )
}

/// [`phones_schema`], where `null` leaves the list as it is.
fn phones_patch_schema() -> utoipa::openapi::schema::Array {
    phones(
        true,
        "Telephone numbers, replacing the list: at most 10, each 3 to 32 characters.",
    )
}

fn phones(nullable: bool, description: &str) -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let phone = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(3))
        .max_length(Some(32))
        .examples([serde_json::json!("0354-5681234")]);
    let kind = match nullable {
        true => SchemaType::from_iter([Type::Array, Type::Null]),
        false => SchemaType::Type(Type::Array),
    };
    (ArrayBuilder::new()
        .schema_type(kind)
        .items(phone)
        .max_items(Some(10)))
    .description(Some(description))
    .build()
}

/// Tells a field given as `null` (Some(None)) from one left out (None).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn to_wgs84(location: Location, sys: CoordSys) -> Result<LngLat, AppError> {
    sys.to_wgs84(location.lng, location.lat).map_err(|e| {
        let field = if matches!(e, crate::domain::point::PointError::Latitude) {
            "location.lat"
        } else {
            "location.lng"
        };
        AppError::invalid(field, Text::new("坐标超出范围", e.to_string()))
    })
}

impl OutletInput {
    /// The outlet this input describes, as version 1.
    pub fn into_outlet(
        self,
        id: String,
        sys: CoordSys,
        now: DateTime<Utc>,
    ) -> Result<Outlet, AppError> {
        Ok(Outlet {
            id,
            location: to_wgs84(self.location, sys)?,
            name: self.name,
            name_en: self.name_en,
            kind: self.kind,
            tier: self.tier,
            region_code: self.region_code,
            parent_id: self.parent_id,
            address: self.address,
            phones: self.phones,
            email: self.email,
            website: self.website,
            status: self.status.unwrap_or(OutletStatus::Normal),
            status_note: self.status_note,
            note: self.note,
            verified_at: self.verified_at,
            created_at: now,
            updated_at: now,
            version: 1,
        })
    }
}

impl OutletPatch {
    /// The outlet with these changes applied, as the next version.
    pub fn apply(
        self,
        current: &Outlet,
        sys: CoordSys,
        now: DateTime<Utc>,
    ) -> Result<Outlet, AppError> {
        let mut o = current.clone();
        if let Some(location) = self.location {
            o.location = to_wgs84(location, sys)?;
        }
        o.name = self.name.unwrap_or(o.name);
        o.name_en = self.name_en.unwrap_or(o.name_en);
        o.kind = self.kind.unwrap_or(o.kind);
        o.tier = self.tier.unwrap_or(o.tier);
        o.region_code = self.region_code.unwrap_or(o.region_code);
        o.parent_id = self.parent_id.unwrap_or(o.parent_id);
        o.address = self.address.unwrap_or(o.address);
        o.phones = self.phones.unwrap_or(o.phones);
        o.email = self.email.unwrap_or(o.email);
        o.website = self.website.unwrap_or(o.website);
        o.status = self.status.unwrap_or(o.status);
        o.status_note = self.status_note.unwrap_or(o.status_note);
        o.note = self.note.unwrap_or(o.note);
        o.verified_at = self.verified_at.unwrap_or(o.verified_at);
        o.updated_at = now;
        o.version += 1;
        Ok(o)
    }
}
